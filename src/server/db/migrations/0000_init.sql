CREATE TABLE "business_numbers" (
	"id" text PRIMARY KEY NOT NULL,
	"display_number" text NOT NULL,
	"label" text NOT NULL,
	"profile" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calls" (
	"id" text PRIMARY KEY NOT NULL,
	"direction" text NOT NULL,
	"business_number_id" text NOT NULL,
	"wa_id" text NOT NULL,
	"status" text NOT NULL,
	"agent_id" text,
	"ring_agent_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"pre_accept_agent_id" text,
	"pre_accept_sdp" text,
	"offer_sdp" text,
	"started_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"duration_seconds" integer,
	"outcome" text,
	"end_message" text,
	"error_code" integer
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"wa_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "permissions" (
	"business_number_id" text NOT NULL,
	"wa_id" text NOT NULL,
	"status" text NOT NULL,
	"expires_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "permissions_business_number_id_wa_id_pk" PRIMARY KEY("business_number_id","wa_id")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"presence" text DEFAULT 'available' NOT NULL,
	"seen_at" timestamp with time zone,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" serial PRIMARY KEY NOT NULL,
	"body_sha256" text NOT NULL,
	"raw_body" text NOT NULL,
	"parsed" jsonb,
	"duplicate" boolean DEFAULT false NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"event_key" text NOT NULL,
	"subject" text NOT NULL,
	"kind" text NOT NULL,
	"delivery_id" integer NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"payload" jsonb NOT NULL,
	"applied" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calls_started_at" ON "calls" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_sha" ON "webhook_deliveries" USING btree ("body_sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_events_key" ON "webhook_events" USING btree ("event_key");--> statement-breakpoint
CREATE INDEX "webhook_events_subject" ON "webhook_events" USING btree ("subject");