CREATE TABLE "agent_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"audience" jsonb NOT NULL,
	"event" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agent_streams" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"instance_id" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "app_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "facts" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "local_reason" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "context" jsonb;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "user_id" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "username" text;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "raw" "bytea";--> statement-breakpoint
UPDATE "webhook_deliveries" SET "raw" = convert_to("raw_body", 'UTF8');--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ALTER COLUMN "raw" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "verdict" text DEFAULT 'accepted' NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "received_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
UPDATE "webhook_events" SET "applied" = true, "note" = 'left unapplied before subjects were scoped (migration 0002)' WHERE NOT "applied";--> statement-breakpoint
ALTER TABLE "agent_streams" ADD CONSTRAINT "agent_streams_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_events_created" ON "agent_events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "agent_streams_user" ON "agent_streams" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "calls_live" ON "calls" USING btree ("business_number_id","status") WHERE status <> 'ended';--> statement-breakpoint
CREATE INDEX "calls_pair" ON "calls" USING btree ("business_number_id","wa_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_user_id" ON "contacts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_received" ON "webhook_deliveries" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "webhook_events_pending" ON "webhook_events" USING btree ("id") WHERE not applied;--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "seen_at";--> statement-breakpoint
ALTER TABLE "webhook_deliveries" DROP COLUMN "raw_body";--> statement-breakpoint
ALTER TABLE "webhook_deliveries" DROP COLUMN "parsed";