CREATE TABLE "monitor_sessions" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"call_id" text NOT NULL,
	"supervisor_id" text NOT NULL,
	"agent_id" text NOT NULL,
	"mode" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" text
);
--> statement-breakpoint
CREATE INDEX "monitor_sessions_call" ON "monitor_sessions" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "monitor_sessions_open" ON "monitor_sessions" USING btree ("call_id") WHERE ended_at is null;