CREATE TABLE "training_timeline" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"direction" text NOT NULL,
	"kind" text NOT NULL,
	"call_id" text,
	"wa_id" text,
	"business_number_id" text,
	"caption" text NOT NULL,
	"json" jsonb,
	"event_key" text
);
--> statement-breakpoint
CREATE INDEX "training_timeline_event" ON "training_timeline" USING btree ("event_key");