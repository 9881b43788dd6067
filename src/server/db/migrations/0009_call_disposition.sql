ALTER TABLE "calls" ADD COLUMN "disposition" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "disposition_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "calls_by_agent" ON "calls" USING btree ("agent_id","started_at","id");