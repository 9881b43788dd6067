ALTER TABLE "calls" ADD COLUMN "quality" jsonb;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "away_reason" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "presence_since" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "wrap_up_until" timestamp with time zone;--> statement-breakpoint
UPDATE "users" SET "presence" = 'away' WHERE "role" = 'trainer';
