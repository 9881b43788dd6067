CREATE TABLE "meta_refusals" (
	"business_number_id" text NOT NULL,
	"wa_id" text NOT NULL,
	"action" text NOT NULL,
	"code" integer NOT NULL,
	"message" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "meta_refusals_business_number_id_wa_id_action_pk" PRIMARY KEY("business_number_id","wa_id","action")
);
--> statement-breakpoint
CREATE TABLE "number_notices" (
	"business_number_id" text NOT NULL,
	"kind" text NOT NULL,
	"type" text NOT NULL,
	"until" timestamp with time zone,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "number_notices_business_number_id_kind_type_pk" PRIMARY KEY("business_number_id","kind","type")
);
--> statement-breakpoint
CREATE TABLE "number_settings" (
	"business_number_id" text PRIMARY KEY NOT NULL,
	"calling" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
