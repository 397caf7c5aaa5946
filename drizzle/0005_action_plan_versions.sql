CREATE TYPE "public"."action_plan_status" AS ENUM('DRAFT', 'ADOPTED', 'SUPERSEDED');--> statement-breakpoint
CREATE TABLE "action_plan_entry" (
	"version_id" integer NOT NULL,
	"measure_id" integer NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"policy_area_id" integer NOT NULL,
	"deadline" date,
	"withdrawal_reason" text,
	CONSTRAINT "action_plan_entry_version_id_measure_id_pk" PRIMARY KEY("version_id","measure_id"),
	CONSTRAINT "action_plan_entry_title_not_blank" CHECK (length(btrim("action_plan_entry"."title")) > 0),
	CONSTRAINT "action_plan_entry_withdrawal_reason" CHECK ("action_plan_entry"."withdrawal_reason" is null or length(btrim("action_plan_entry"."withdrawal_reason")) > 0)
);
--> statement-breakpoint
CREATE TABLE "action_plan_entry_responsibility" (
	"version_id" integer NOT NULL,
	"measure_id" integer NOT NULL,
	"signatory_id" integer NOT NULL,
	"role" "responsibility_role" NOT NULL,
	"position" smallint DEFAULT 0 NOT NULL,
	CONSTRAINT "action_plan_entry_responsibility_version_id_measure_id_signatory_id_pk" PRIMARY KEY("version_id","measure_id","signatory_id")
);
--> statement-breakpoint
CREATE TABLE "action_plan_version" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "action_plan_version_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"partnership_id" integer NOT NULL,
	"number" integer NOT NULL,
	"status" "action_plan_status" DEFAULT 'DRAFT' NOT NULL,
	"based_on_id" integer,
	"note" text,
	"revision" integer DEFAULT 1 NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opened_by_sub" text NOT NULL,
	"adopted_at" timestamp with time zone,
	"adopted_by_sub" text,
	"superseded_at" timestamp with time zone,
	CONSTRAINT "action_plan_version_number" UNIQUE("partnership_id","number"),
	CONSTRAINT "action_plan_version_number_positive" CHECK ("action_plan_version"."number" > 0),
	CONSTRAINT "action_plan_version_dates" CHECK (("action_plan_version"."status" = 'DRAFT' and "action_plan_version"."adopted_at" is null and "action_plan_version"."superseded_at" is null)
        or ("action_plan_version"."status" = 'ADOPTED' and "action_plan_version"."adopted_at" is not null and "action_plan_version"."superseded_at" is null)
        or ("action_plan_version"."status" = 'SUPERSEDED' and "action_plan_version"."adopted_at" is not null and "action_plan_version"."superseded_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "action_plan_entry" ADD CONSTRAINT "action_plan_entry_version_id_action_plan_version_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."action_plan_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plan_entry" ADD CONSTRAINT "action_plan_entry_measure_id_measure_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plan_entry" ADD CONSTRAINT "action_plan_entry_policy_area_id_policy_area_id_fk" FOREIGN KEY ("policy_area_id") REFERENCES "public"."policy_area"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plan_entry_responsibility" ADD CONSTRAINT "action_plan_entry_responsibility_signatory_id_signatory_id_fk" FOREIGN KEY ("signatory_id") REFERENCES "public"."signatory"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plan_entry_responsibility" ADD CONSTRAINT "action_plan_entry_responsibility_entry_fk" FOREIGN KEY ("version_id","measure_id") REFERENCES "public"."action_plan_entry"("version_id","measure_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plan_version" ADD CONSTRAINT "action_plan_version_partnership_id_partnership_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnership"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plan_version" ADD CONSTRAINT "action_plan_version_based_on_fk" FOREIGN KEY ("based_on_id") REFERENCES "public"."action_plan_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "action_plan_entry_measure_idx" ON "action_plan_entry" USING btree ("measure_id");--> statement-breakpoint
CREATE INDEX "action_plan_entry_responsibility_signatory_idx" ON "action_plan_entry_responsibility" USING btree ("signatory_id","role");--> statement-breakpoint
CREATE UNIQUE INDEX "action_plan_one_adopted" ON "action_plan_version" USING btree ("partnership_id") WHERE "action_plan_version"."status" = 'ADOPTED';--> statement-breakpoint
CREATE UNIQUE INDEX "action_plan_one_draft" ON "action_plan_version" USING btree ("partnership_id") WHERE "action_plan_version"."status" = 'DRAFT';