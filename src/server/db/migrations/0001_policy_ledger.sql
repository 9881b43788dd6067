CREATE TABLE "ledger_entries" (
	"business_number_id" text NOT NULL,
	"wa_id" text NOT NULL,
	"entry_id" text NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"entry" jsonb NOT NULL,
	CONSTRAINT "ledger_entries_business_number_id_wa_id_entry_id_pk" PRIMARY KEY("business_number_id","wa_id","entry_id")
);
--> statement-breakpoint
CREATE TABLE "meta_permission_snapshots" (
	"business_number_id" text NOT NULL,
	"wa_id" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"body" jsonb NOT NULL,
	CONSTRAINT "meta_permission_snapshots_business_number_id_wa_id_pk" PRIMARY KEY("business_number_id","wa_id")
);
--> statement-breakpoint
DROP TABLE "permissions" CASCADE;