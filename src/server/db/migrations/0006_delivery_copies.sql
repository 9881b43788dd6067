DROP INDEX "webhook_deliveries_sha";--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "copies" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "last_received_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
UPDATE "webhook_deliveries" d SET "copies" = c.n, "last_received_at" = c.last FROM (SELECT "body_sha256", count(*) AS n, max("received_at") AS last, min("id") AS first FROM "webhook_deliveries" GROUP BY "body_sha256") c WHERE d."id" = c.first;--> statement-breakpoint
UPDATE "webhook_events" e SET "delivery_id" = k."id" FROM "webhook_deliveries" d, "webhook_deliveries" k WHERE e."delivery_id" = d."id" AND d."body_sha256" = k."body_sha256" AND k."id" < d."id" AND NOT EXISTS (SELECT 1 FROM "webhook_deliveries" j WHERE j."body_sha256" = d."body_sha256" AND j."id" < k."id");--> statement-breakpoint
DELETE FROM "webhook_deliveries" d USING "webhook_deliveries" k WHERE d."body_sha256" = k."body_sha256" AND d."id" > k."id";--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_sha" ON "webhook_deliveries" USING btree ("body_sha256");--> statement-breakpoint
ALTER TABLE "webhook_deliveries" DROP COLUMN "duplicate";
