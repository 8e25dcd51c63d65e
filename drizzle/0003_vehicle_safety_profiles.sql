CREATE TABLE "vehicle_safety_profile" (
	"vehicle_id" text NOT NULL,
	"shop_id" text NOT NULL,
	"version" integer NOT NULL,
	"base_profile_id" text NOT NULL,
	"override" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	CONSTRAINT "vehicle_safety_profile_vehicle_id_version_pk" PRIMARY KEY("vehicle_id","version"),
	CONSTRAINT "vehicle_safety_profile_version_positive" CHECK ("vehicle_safety_profile"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "vehicle_safety_profile" ADD CONSTRAINT "vehicle_safety_profile_vehicle_id_vehicle_id_fk" FOREIGN KEY ("vehicle_id") REFERENCES "public"."vehicle"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vehicle_safety_profile" ADD CONSTRAINT "vehicle_safety_profile_shop_id_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shop"("id") ON DELETE cascade ON UPDATE no action;