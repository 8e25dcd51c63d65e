CREATE TYPE "public"."dyno_correction" AS ENUM('sae-j1349', 'din-70020', 'sae-j607', 'none', 'as-imported');--> statement-breakpoint
CREATE TYPE "public"."dyno_source" AS ENUM('dynojet', 'mainline', 'dynocom', 'generic');--> statement-breakpoint
CREATE TABLE "dyno_mapping" (
	"id" text PRIMARY KEY NOT NULL,
	"shop_id" text NOT NULL,
	"name" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dyno_mapping_shop_name_unique" UNIQUE("shop_id","name")
);
--> statement-breakpoint
CREATE TABLE "dyno_run" (
	"id" text PRIMARY KEY NOT NULL,
	"shop_id" text NOT NULL,
	"vehicle_id" text NOT NULL,
	"job_id" text,
	"tune_version_id" text,
	"name" text NOT NULL,
	"source" "dyno_source" NOT NULL,
	"correction" "dyno_correction" NOT NULL,
	"basis" text DEFAULT 'wheel' NOT NULL,
	"file_name" text,
	"mapping" jsonb NOT NULL,
	"meta" jsonb NOT NULL,
	"points" jsonb NOT NULL,
	"point_count" integer NOT NULL,
	"peak_power_kw" double precision NOT NULL,
	"peak_power_rpm" double precision NOT NULL,
	"peak_torque_nm" double precision NOT NULL,
	"peak_torque_rpm" double precision NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dyno_run_basis" CHECK ("dyno_run"."basis" in ('wheel', 'crank')),
	CONSTRAINT "dyno_run_point_count" CHECK ("dyno_run"."point_count" >= 2)
);
--> statement-breakpoint
CREATE TABLE "log_cell_stats" (
	"log_id" text NOT NULL,
	"channel" text NOT NULL,
	"shop_id" text NOT NULL,
	"rpm_channel" text NOT NULL,
	"load_channel" text NOT NULL,
	"rpm_step" real NOT NULL,
	"load_step" real NOT NULL,
	"cells" jsonb NOT NULL,
	"sample_count" bigint NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "log_cell_stats_log_id_channel_pk" PRIMARY KEY("log_id","channel")
);
--> statement-breakpoint
ALTER TABLE "dyno_mapping" ADD CONSTRAINT "dyno_mapping_shop_id_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shop"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dyno_mapping" ADD CONSTRAINT "dyno_mapping_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dyno_run" ADD CONSTRAINT "dyno_run_shop_id_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shop"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dyno_run" ADD CONSTRAINT "dyno_run_vehicle_id_vehicle_id_fk" FOREIGN KEY ("vehicle_id") REFERENCES "public"."vehicle"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dyno_run" ADD CONSTRAINT "dyno_run_job_id_job_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."job"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dyno_run" ADD CONSTRAINT "dyno_run_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "log_cell_stats" ADD CONSTRAINT "log_cell_stats_log_id_log_id_fk" FOREIGN KEY ("log_id") REFERENCES "public"."log"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "log_cell_stats" ADD CONSTRAINT "log_cell_stats_shop_id_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shop"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dyno_run_shop_created_idx" ON "dyno_run" USING btree ("shop_id","created_at");--> statement-breakpoint
CREATE INDEX "dyno_run_vehicle_idx" ON "dyno_run" USING btree ("vehicle_id","created_at");--> statement-breakpoint
CREATE INDEX "dyno_run_job_idx" ON "dyno_run" USING btree ("job_id");