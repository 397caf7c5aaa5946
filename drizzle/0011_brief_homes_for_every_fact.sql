CREATE TYPE "public"."geography_role" AS ENUM('DESTINATION', 'ORIGIN', 'ISSUING_STATE', 'LOCATION');--> statement-breakpoint
CREATE TYPE "public"."legal_act_organisation_role" AS ENUM('PARTY', 'CONCLUDED_WITHIN');--> statement-breakpoint
CREATE TYPE "public"."legal_act_relation" AS ENUM('IMPLEMENTS', 'CONCERNS', 'TAKES_INTO_ACCOUNT');--> statement-breakpoint
CREATE TYPE "public"."national_programme_kind" AS ENUM('STRATEGY', 'PROGRAMME', 'SUB_PROGRAMME', 'SYSTEM_OF_MEASURES');--> statement-breakpoint
CREATE TYPE "public"."statement_kind" AS ENUM('STATEMENT', 'FORECAST', 'TREND');--> statement-breakpoint
CREATE TYPE "public"."trend_direction" AS ENUM('RISING', 'FALLING', 'FLUCTUATING');--> statement-breakpoint
CREATE TABLE "legal_act_organisation" (
	"legal_act_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"role" "legal_act_organisation_role" NOT NULL,
	"is_assumption" boolean DEFAULT false NOT NULL,
	"note" text,
	CONSTRAINT "legal_act_organisation_legal_act_id_organisation_id_role_pk" PRIMARY KEY("legal_act_id","organisation_id","role")
);
--> statement-breakpoint
CREATE TABLE "measure_legal_act" (
	"measure_id" integer NOT NULL,
	"legal_act_id" integer NOT NULL,
	"relation" "legal_act_relation" NOT NULL,
	"is_assumption" boolean DEFAULT false NOT NULL,
	"note" text,
	CONSTRAINT "measure_legal_act_measure_id_legal_act_id_pk" PRIMARY KEY("measure_id","legal_act_id")
);
--> statement-breakpoint
CREATE TABLE "partnership_legal_act" (
	"partnership_id" integer NOT NULL,
	"legal_act_id" integer NOT NULL,
	"relation" "legal_act_relation" NOT NULL,
	"source_id" integer,
	"locator" text,
	"is_assumption" boolean DEFAULT false NOT NULL,
	"note" text,
	CONSTRAINT "partnership_legal_act_partnership_id_legal_act_id_pk" PRIMARY KEY("partnership_id","legal_act_id")
);
--> statement-breakpoint
CREATE TABLE "measure_organisation" (
	"measure_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"role" "responsibility_role" NOT NULL,
	"position" smallint DEFAULT 0 NOT NULL,
	"is_assumption" boolean DEFAULT false NOT NULL,
	"note" text,
	CONSTRAINT "measure_organisation_measure_id_organisation_id_pk" PRIMARY KEY("measure_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "membership" (
	"organisation_id" integer NOT NULL,
	"member_code" text NOT NULL,
	"since" date,
	"since_precision" date_precision,
	"source_id" integer,
	"locator" text,
	"is_assumption" boolean DEFAULT false NOT NULL,
	"note" text,
	CONSTRAINT "membership_organisation_id_member_code_pk" PRIMARY KEY("organisation_id","member_code"),
	CONSTRAINT "membership_member_code_format" CHECK ("membership"."member_code" ~ '^[A-Z]{2}$'),
	CONSTRAINT "membership_since_precision" CHECK (("membership"."since" is null) = ("membership"."since_precision" is null))
);
--> statement-breakpoint
CREATE TABLE "national_programme" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "national_programme_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"title" text NOT NULL,
	"kind" "national_programme_kind" NOT NULL,
	"country_code" text NOT NULL,
	"period_start" date,
	"period_end" date,
	"period_label" text,
	"adopted_on" date,
	"adopted_on_precision" date_precision,
	"description" text,
	"source_id" integer,
	"locator" text,
	"is_assumption" boolean DEFAULT false NOT NULL,
	"note" text,
	CONSTRAINT "national_programme_code_unique" UNIQUE("code"),
	CONSTRAINT "national_programme_code_format" CHECK ("national_programme"."code" ~ '^[A-Z0-9][A-Z0-9_.-]{0,39}$'),
	CONSTRAINT "national_programme_title_not_blank" CHECK (length(btrim("national_programme"."title")) > 0),
	CONSTRAINT "national_programme_country_format" CHECK ("national_programme"."country_code" ~ '^[A-Z]{2}$'),
	CONSTRAINT "national_programme_period_order" CHECK ("national_programme"."period_end" >= "national_programme"."period_start"),
	CONSTRAINT "national_programme_adopted_precision" CHECK (("national_programme"."adopted_on" is null) = ("national_programme"."adopted_on_precision" is null))
);
--> statement-breakpoint
CREATE TABLE "statement" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "statement_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"kind" "statement_kind" NOT NULL,
	"text" text NOT NULL,
	"made_on" date,
	"made_on_precision" date_precision,
	"made_by" text,
	"made_by_organisation_id" integer,
	"expected_by" date,
	"expected_by_precision" date_precision,
	"trend_direction" "trend_direction",
	"since" date,
	"since_precision" date_precision,
	"quantity" numeric(20, 4),
	"unit" text,
	"qualifier" "qualifier",
	"as_stated" text,
	"theme_id" integer,
	"national_programme_id" integer,
	"source_id" integer NOT NULL,
	"locator" text,
	"is_assumption" boolean DEFAULT false NOT NULL,
	"note" text,
	CONSTRAINT "statement_code_unique" UNIQUE("code"),
	CONSTRAINT "statement_code_format" CHECK ("statement"."code" ~ '^[A-Z0-9][A-Z0-9_.-]{0,39}$'),
	CONSTRAINT "statement_text_not_blank" CHECK (length(btrim("statement"."text")) > 0),
	CONSTRAINT "statement_made_precision" CHECK (("statement"."made_on" is null) = ("statement"."made_on_precision" is null)),
	CONSTRAINT "statement_expected_precision" CHECK (("statement"."expected_by" is null) = ("statement"."expected_by_precision" is null)),
	CONSTRAINT "statement_since_precision" CHECK (("statement"."since" is null) = ("statement"."since_precision" is null)),
	CONSTRAINT "statement_forecast_has_date" CHECK (("statement"."kind" = 'FORECAST') = ("statement"."expected_by" is not null)),
	CONSTRAINT "statement_trend_has_direction" CHECK (("statement"."kind" = 'TREND') = ("statement"."trend_direction" is not null)),
	CONSTRAINT "statement_quantity_unit" CHECK (("statement"."quantity" is null) or ("statement"."unit" is not null and "statement"."qualifier" is not null))
);
--> statement-breakpoint
ALTER TABLE "funding_instrument" ADD COLUMN "period_start" date;--> statement-breakpoint
ALTER TABLE "funding_instrument" ADD COLUMN "period_end" date;--> statement-breakpoint
ALTER TABLE "indicator_observation" ADD COLUMN "geography_role" "geography_role";--> statement-breakpoint
ALTER TABLE "indicator_observation" ADD COLUMN "countries" text[];--> statement-breakpoint
ALTER TABLE "indicator_observation" ADD COLUMN "share_of_observation_id" integer;--> statement-breakpoint
ALTER TABLE "indicator_observation" ADD COLUMN "relative_to_countries" text[];--> statement-breakpoint
ALTER TABLE "legal_act_provision" ADD COLUMN "effective_from_precision" date_precision;--> statement-breakpoint
ALTER TABLE "legal_act_provision" ADD COLUMN "effective_until" date;--> statement-breakpoint
ALTER TABLE "legal_act_provision" ADD COLUMN "effective_until_precision" date_precision;--> statement-breakpoint
ALTER TABLE "legal_act_provision" ADD COLUMN "replaces_id" integer;--> statement-breakpoint
ALTER TABLE "legal_act_provision" ADD COLUMN "is_projection" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "legal_act" ADD COLUMN "locator" text;--> statement-breakpoint
ALTER TABLE "source" ADD COLUMN "publisher_organisation_id" integer;--> statement-breakpoint
ALTER TABLE "legal_act_organisation" ADD CONSTRAINT "legal_act_organisation_legal_act_id_legal_act_id_fk" FOREIGN KEY ("legal_act_id") REFERENCES "public"."legal_act"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_act_organisation" ADD CONSTRAINT "legal_act_organisation_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_legal_act" ADD CONSTRAINT "measure_legal_act_measure_id_measure_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_legal_act" ADD CONSTRAINT "measure_legal_act_legal_act_id_legal_act_id_fk" FOREIGN KEY ("legal_act_id") REFERENCES "public"."legal_act"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_legal_act" ADD CONSTRAINT "partnership_legal_act_partnership_id_partnership_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnership"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_legal_act" ADD CONSTRAINT "partnership_legal_act_legal_act_id_legal_act_id_fk" FOREIGN KEY ("legal_act_id") REFERENCES "public"."legal_act"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_legal_act" ADD CONSTRAINT "partnership_legal_act_source_id_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_organisation" ADD CONSTRAINT "measure_organisation_measure_id_measure_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_organisation" ADD CONSTRAINT "measure_organisation_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership" ADD CONSTRAINT "membership_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership" ADD CONSTRAINT "membership_source_id_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_programme" ADD CONSTRAINT "national_programme_source_id_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement" ADD CONSTRAINT "statement_made_by_organisation_id_organisation_id_fk" FOREIGN KEY ("made_by_organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement" ADD CONSTRAINT "statement_theme_id_theme_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."theme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement" ADD CONSTRAINT "statement_national_programme_id_national_programme_id_fk" FOREIGN KEY ("national_programme_id") REFERENCES "public"."national_programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement" ADD CONSTRAINT "statement_source_id_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "legal_act_organisation_organisation_idx" ON "legal_act_organisation" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "measure_legal_act_legal_act_idx" ON "measure_legal_act" USING btree ("legal_act_id");--> statement-breakpoint
CREATE INDEX "partnership_legal_act_legal_act_idx" ON "partnership_legal_act" USING btree ("legal_act_id");--> statement-breakpoint
CREATE INDEX "measure_organisation_organisation_idx" ON "measure_organisation" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "membership_member_idx" ON "membership" USING btree ("member_code");--> statement-breakpoint
CREATE INDEX "national_programme_country_idx" ON "national_programme" USING btree ("country_code");--> statement-breakpoint
CREATE INDEX "statement_kind_idx" ON "statement" USING btree ("kind");--> statement-breakpoint
ALTER TABLE "indicator_observation" ADD CONSTRAINT "indicator_observation_share_of_observation_id_indicator_observation_id_fk" FOREIGN KEY ("share_of_observation_id") REFERENCES "public"."indicator_observation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_act_provision" ADD CONSTRAINT "legal_act_provision_replaces_id_legal_act_provision_id_fk" FOREIGN KEY ("replaces_id") REFERENCES "public"."legal_act_provision"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source" ADD CONSTRAINT "source_publisher_organisation_id_organisation_id_fk" FOREIGN KEY ("publisher_organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_instrument" ADD CONSTRAINT "funding_instrument_period_order" CHECK ("funding_instrument"."period_end" >= "funding_instrument"."period_start");--> statement-breakpoint
ALTER TABLE "indicator_observation" ADD CONSTRAINT "indicator_observation_countries_format" CHECK ("indicator_observation"."countries" is null or array_to_string("indicator_observation"."countries", ',') ~ '^[A-Z]{2}(,[A-Z]{2})+$');--> statement-breakpoint
ALTER TABLE "indicator_observation" ADD CONSTRAINT "indicator_observation_relative_countries_format" CHECK ("indicator_observation"."relative_to_countries" is null or array_to_string("indicator_observation"."relative_to_countries", ',') ~ '^[A-Z]{2}(,[A-Z]{2})*$');--> statement-breakpoint
-- Hand-written: provisions recorded before this migration had no precision column; the month-only ones said so in their note.
UPDATE "legal_act_provision" SET "effective_from_precision" = CASE WHEN "note" = 'The brief gives the month only: stored as its first day.' THEN 'MONTH'::date_precision ELSE 'DAY'::date_precision END WHERE "effective_from" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "legal_act_provision" ADD CONSTRAINT "legal_act_provision_from_precision" CHECK (("legal_act_provision"."effective_from" is null) = ("legal_act_provision"."effective_from_precision" is null));--> statement-breakpoint
ALTER TABLE "legal_act_provision" ADD CONSTRAINT "legal_act_provision_until_precision" CHECK (("legal_act_provision"."effective_until" is null) = ("legal_act_provision"."effective_until_precision" is null));--> statement-breakpoint
ALTER TABLE "legal_act_provision" ADD CONSTRAINT "legal_act_provision_period_order" CHECK ("legal_act_provision"."effective_until" >= "legal_act_provision"."effective_from");--> statement-breakpoint
ALTER TABLE "legal_act_provision" ADD CONSTRAINT "legal_act_provision_not_replacing_itself" CHECK ("legal_act_provision"."replaces_id" <> "legal_act_provision"."id");