ALTER TABLE "ledger_entries" ADD COLUMN "detail" text;--> statement-breakpoint
CREATE INDEX "contacts_by_name" ON "contacts" USING btree ("name","wa_id");--> statement-breakpoint
CREATE INDEX "ledger_pair_at" ON "ledger_entries" USING btree ("business_number_id","wa_id","at");--> statement-breakpoint
CREATE INDEX "ledger_pair_kind_at" ON "ledger_entries" USING btree ("business_number_id","wa_id","type","detail","at");--> statement-breakpoint
UPDATE "ledger_entries" SET "detail" = CASE "type" WHEN 'call_connected' THEN "entry"->>'direction' WHEN 'permission_replied' THEN "entry"->>'response' END WHERE "detail" IS NULL;
