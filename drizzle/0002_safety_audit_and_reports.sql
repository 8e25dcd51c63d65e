CREATE TABLE "audit_entry" (
	"shop_id" text NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor" text NOT NULL,
	"role" text NOT NULL,
	"action" text NOT NULL,
	"rule_id" text,
	"reason" text NOT NULL,
	"payload" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_entry_shop_id_seq_pk" PRIMARY KEY("shop_id","seq"),
	CONSTRAINT "audit_entry_seq_positive" CHECK ("audit_entry"."seq" >= 1)
);
--> statement-breakpoint
CREATE TABLE "log_safety_report" (
	"log_id" text PRIMARY KEY NOT NULL,
	"shop_id" text NOT NULL,
	"version" integer NOT NULL,
	"profile_id" text NOT NULL,
	"profile_version" integer NOT NULL,
	"verdict" text NOT NULL,
	"report" jsonb NOT NULL,
	"sample_count" bigint NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_entry" ADD CONSTRAINT "audit_entry_shop_id_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shop"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "log_safety_report" ADD CONSTRAINT "log_safety_report_log_id_log_id_fk" FOREIGN KEY ("log_id") REFERENCES "public"."log"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "log_safety_report" ADD CONSTRAINT "log_safety_report_shop_id_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shop"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "log_safety_report_shop_idx" ON "log_safety_report" USING btree ("shop_id","verdict");