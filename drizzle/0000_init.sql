CREATE TYPE "public"."date_precision" AS ENUM('DAY', 'MONTH', 'QUARTER', 'YEAR');--> statement-breakpoint
CREATE TYPE "public"."qualifier" AS ENUM('EXACT', 'AT_LEAST', 'AT_MOST', 'APPROXIMATE', 'RANGE');--> statement-breakpoint
CREATE TYPE "public"."instrument_kind" AS ENUM('FINANCING_INSTRUMENT', 'FUND', 'FACILITY', 'PROGRAMME');--> statement-breakpoint
CREATE TYPE "public"."legal_act_kind" AS ENUM('EU_AGREEMENT', 'BILATERAL_AGREEMENT', 'MULTILATERAL_AGREEMENT', 'NATIONAL_LAW', 'NATIONAL_RULE');--> statement-breakpoint
CREATE TYPE "public"."legal_act_status" AS ENUM('SIGNED', 'IN_FORCE', 'NOT_IN_FORCE', 'NOT_IMPLEMENTED');--> statement-breakpoint
CREATE TYPE "public"."completion_level" AS ENUM('NOT_STARTED', 'LIMITED', 'SUBSTANTIAL', 'COMPLETE');--> statement-breakpoint
CREATE TYPE "public"."measure_status" AS ENUM('PROPOSED', 'AGREED', 'IN_PROGRESS', 'ON_HOLD', 'COMPLETED', 'WITHDRAWN');--> statement-breakpoint
CREATE TYPE "public"."responsibility_role" AS ENUM('LEAD', 'CONTRIBUTING');--> statement-breakpoint
CREATE TYPE "public"."organisation_kind" AS ENUM('INTERGOVERNMENTAL', 'GOVERNMENT', 'EU_INSTITUTION', 'CIVIL_SOCIETY', 'REGIONAL_ORGANISATION', 'STATISTICAL_OFFICE', 'FINANCIAL_INSTITUTION');--> statement-breakpoint
CREATE TYPE "public"."signatory_kind" AS ENUM('EU', 'EU_MEMBER_STATE', 'PARTNER_COUNTRY');--> statement-breakpoint
CREATE TYPE "public"."budget_status" AS ENUM('INDICATIVE', 'COMMITTED');--> statement-breakpoint
CREATE TYPE "public"."organisation_role" AS ENUM('FUNDING', 'ACCOUNTABLE', 'EXTENDING', 'IMPLEMENTING');--> statement-breakpoint
CREATE TYPE "public"."project_status" AS ENUM('PIPELINE', 'IMPLEMENTATION', 'FINALISATION', 'CLOSED', 'CANCELLED', 'SUSPENDED');--> statement-breakpoint
CREATE TYPE "public"."transaction_type" AS ENUM('INCOMING_FUNDS', 'OUTGOING_COMMITMENT', 'DISBURSEMENT', 'EXPENDITURE', 'INCOMING_COMMITMENT');--> statement-breakpoint
CREATE TABLE "funding_instrument_parent" (
	"instrument_id" integer NOT NULL,
	"parent_id" integer NOT NULL,
	CONSTRAINT "funding_instrument_parent_instrument_id_parent_id_pk" PRIMARY KEY("instrument_id","parent_id"),
	CONSTRAINT "funding_instrument_parent_not_self" CHECK ("funding_instrument_parent"."instrument_id" <> "funding_instrument_parent"."parent_id")
);
--> statement-breakpoint
CREATE TABLE "funding_instrument" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "funding_instrument_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" "instrument_kind" NOT NULL,
	"description" text,
	CONSTRAINT "funding_instrument_code_unique" UNIQUE("code"),
	CONSTRAINT "funding_instrument_code_format" CHECK ("funding_instrument"."code" ~ '^[A-Z0-9][A-Z0-9_.-]{0,39}$'),
	CONSTRAINT "funding_instrument_name_not_blank" CHECK (length(btrim("funding_instrument"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "instrument_allocation" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "instrument_allocation_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"instrument_id" integer NOT NULL,
	"partnership_id" integer NOT NULL,
	"recipient_signatory_id" integer,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"currency" char(3) NOT NULL,
	"qualifier" "qualifier" DEFAULT 'EXACT' NOT NULL,
	"as_stated" text,
	"source_id" integer,
	"is_assumption" boolean DEFAULT false NOT NULL,
	"note" text,
	CONSTRAINT "instrument_allocation_currency_format" CHECK ("instrument_allocation"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "instrument_allocation_amount_non_negative" CHECK ("instrument_allocation"."amount" >= 0),
	CONSTRAINT "instrument_allocation_period_order" CHECK ("instrument_allocation"."period_end" >= "instrument_allocation"."period_start")
);
--> statement-breakpoint
CREATE TABLE "indicator_observation" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "indicator_observation_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"indicator_id" integer NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"period_label" text NOT NULL,
	"geography" text NOT NULL,
	"value" numeric(20, 4) NOT NULL,
	"value_max" numeric(20, 4),
	"qualifier" "qualifier" NOT NULL,
	"as_stated" text NOT NULL,
	"source_id" integer NOT NULL,
	"locator" text,
	"is_assumption" boolean DEFAULT false NOT NULL,
	"note" text,
	CONSTRAINT "indicator_observation_period_order" CHECK ("indicator_observation"."period_end" >= "indicator_observation"."period_start"),
	CONSTRAINT "indicator_observation_range" CHECK (("indicator_observation"."qualifier" = 'RANGE') = ("indicator_observation"."value_max" is not null) and ("indicator_observation"."value_max" is null or "indicator_observation"."value_max" >= "indicator_observation"."value")),
	CONSTRAINT "indicator_observation_geography_format" CHECK ("indicator_observation"."geography" ~ '^[A-Z]{2}$'),
	CONSTRAINT "indicator_observation_as_stated_not_blank" CHECK (length(btrim("indicator_observation"."as_stated")) > 0)
);
--> statement-breakpoint
CREATE TABLE "indicator" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "indicator_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"title" text NOT NULL,
	"unit" text NOT NULL,
	"description" text,
	"theme_id" integer,
	CONSTRAINT "indicator_code_unique" UNIQUE("code"),
	CONSTRAINT "indicator_code_format" CHECK ("indicator"."code" ~ '^[A-Z0-9][A-Z0-9_.-]{0,39}$'),
	CONSTRAINT "indicator_title_not_blank" CHECK (length(btrim("indicator"."title")) > 0)
);
--> statement-breakpoint
CREATE TABLE "legal_act_party" (
	"legal_act_id" integer NOT NULL,
	"party_code" text NOT NULL,
	CONSTRAINT "legal_act_party_legal_act_id_party_code_pk" PRIMARY KEY("legal_act_id","party_code"),
	CONSTRAINT "legal_act_party_code_format" CHECK ("legal_act_party"."party_code" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
CREATE TABLE "legal_act_provision" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "legal_act_provision_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"legal_act_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"text" text NOT NULL,
	"quantity" numeric(20, 4),
	"unit" text,
	"amount" numeric(20, 2),
	"currency" char(3),
	"qualifier" "qualifier",
	"as_stated" text,
	"effective_from" date,
	"is_assumption" boolean DEFAULT false NOT NULL,
	"note" text,
	CONSTRAINT "legal_act_provision_currency_format" CHECK ("legal_act_provision"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "legal_act_provision_money_pair" CHECK (("legal_act_provision"."amount" is null) = ("legal_act_provision"."currency" is null)),
	CONSTRAINT "legal_act_provision_quantity_unit" CHECK (("legal_act_provision"."quantity" is null) or ("legal_act_provision"."unit" is not null)),
	CONSTRAINT "legal_act_provision_figure_qualified" CHECK (("legal_act_provision"."quantity" is null and "legal_act_provision"."amount" is null) or "legal_act_provision"."qualifier" is not null),
	CONSTRAINT "legal_act_provision_text_not_blank" CHECK (length(btrim("legal_act_provision"."text")) > 0)
);
--> statement-breakpoint
CREATE TABLE "legal_act" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "legal_act_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"title" text NOT NULL,
	"kind" "legal_act_kind" NOT NULL,
	"status" "legal_act_status" NOT NULL,
	"signed_on" date,
	"signed_on_precision" date_precision,
	"in_force_from" date,
	"in_force_from_precision" date_precision,
	"source_id" integer,
	"is_assumption" boolean DEFAULT false NOT NULL,
	"note" text,
	CONSTRAINT "legal_act_code_unique" UNIQUE("code"),
	CONSTRAINT "legal_act_code_format" CHECK ("legal_act"."code" ~ '^[A-Z0-9][A-Z0-9_.-]{0,39}$'),
	CONSTRAINT "legal_act_title_not_blank" CHECK (length(btrim("legal_act"."title")) > 0),
	CONSTRAINT "legal_act_signed_precision" CHECK (("legal_act"."signed_on" is null) = ("legal_act"."signed_on_precision" is null)),
	CONSTRAINT "legal_act_in_force_precision" CHECK (("legal_act"."in_force_from" is null) = ("legal_act"."in_force_from_precision" is null))
);
--> statement-breakpoint
CREATE TABLE "measure_project" (
	"measure_id" integer NOT NULL,
	"project_id" integer NOT NULL,
	CONSTRAINT "measure_project_measure_id_project_id_pk" PRIMARY KEY("measure_id","project_id")
);
--> statement-breakpoint
CREATE TABLE "measure_responsibility" (
	"measure_id" integer NOT NULL,
	"signatory_id" integer NOT NULL,
	"role" "responsibility_role" NOT NULL,
	"position" smallint DEFAULT 0 NOT NULL,
	"is_assumption" boolean DEFAULT false NOT NULL,
	CONSTRAINT "measure_responsibility_measure_id_signatory_id_pk" PRIMARY KEY("measure_id","signatory_id")
);
--> statement-breakpoint
CREATE TABLE "measure_status_change" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "measure_status_change_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"measure_id" integer NOT NULL,
	"from_status" "measure_status",
	"to_status" "measure_status" NOT NULL,
	"reason" text,
	"actor_sub" text NOT NULL,
	"actor_role" text NOT NULL,
	"actor_signatory_code" text,
	"request_id" text,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "measure_theme" (
	"measure_id" integer NOT NULL,
	"theme_id" integer NOT NULL,
	CONSTRAINT "measure_theme_measure_id_theme_id_pk" PRIMARY KEY("measure_id","theme_id")
);
--> statement-breakpoint
CREATE TABLE "measure" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "measure_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"partnership_id" integer NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"policy_area_id" integer NOT NULL,
	"status" "measure_status" DEFAULT 'PROPOSED' NOT NULL,
	"completion_level" "completion_level",
	"deadline" date,
	"source_id" integer,
	"is_assumption" boolean DEFAULT false NOT NULL,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measure_code_per_partnership" UNIQUE("partnership_id","code"),
	CONSTRAINT "measure_code_format" CHECK ("measure"."code" ~ '^[A-Z0-9][A-Z0-9_.-]{0,39}$'),
	CONSTRAINT "measure_title_not_blank" CHECK (length(btrim("measure"."title")) > 0),
	CONSTRAINT "measure_title_length" CHECK (length("measure"."title") <= 500),
	CONSTRAINT "measure_version_positive" CHECK ("measure"."version" > 0)
);
--> statement-breakpoint
CREATE TABLE "organisation" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "organisation_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" "organisation_kind" NOT NULL,
	"signatory_id" integer,
	"parent_id" integer,
	CONSTRAINT "organisation_code_unique" UNIQUE("code"),
	CONSTRAINT "organisation_code_format" CHECK ("organisation"."code" ~ '^[A-Z0-9][A-Z0-9_.-]{0,39}$'),
	CONSTRAINT "organisation_name_not_blank" CHECK (length(btrim("organisation"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "partnership_signatory" (
	"partnership_id" integer NOT NULL,
	"signatory_id" integer NOT NULL,
	CONSTRAINT "partnership_signatory_partnership_id_signatory_id_pk" PRIMARY KEY("partnership_id","signatory_id")
);
--> statement-breakpoint
CREATE TABLE "partnership" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "partnership_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"title" text NOT NULL,
	"signed_on" date NOT NULL,
	"description" text,
	CONSTRAINT "partnership_code_unique" UNIQUE("code"),
	CONSTRAINT "partnership_code_format" CHECK ("partnership"."code" ~ '^[A-Z0-9][A-Z0-9_.-]{0,39}$'),
	CONSTRAINT "partnership_title_not_blank" CHECK (length(btrim("partnership"."title")) > 0)
);
--> statement-breakpoint
CREATE TABLE "policy_area" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "policy_area_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"partnership_id" integer NOT NULL,
	"code" text NOT NULL,
	"position" smallint NOT NULL,
	"title" text NOT NULL,
	CONSTRAINT "policy_area_code_per_partnership" UNIQUE("partnership_id","code"),
	CONSTRAINT "policy_area_position_per_partnership" UNIQUE("partnership_id","position"),
	CONSTRAINT "policy_area_code_format" CHECK ("policy_area"."code" ~ '^[A-Z0-9][A-Z0-9_.-]{0,39}$'),
	CONSTRAINT "policy_area_title_not_blank" CHECK (length(btrim("policy_area"."title")) > 0)
);
--> statement-breakpoint
CREATE TABLE "signatory" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "signatory_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" "signatory_kind" NOT NULL,
	CONSTRAINT "signatory_code_unique" UNIQUE("code"),
	CONSTRAINT "signatory_code_format" CHECK ("signatory"."code" ~ '^[A-Z0-9][A-Z0-9_.-]{0,39}$'),
	CONSTRAINT "signatory_name_not_blank" CHECK (length(btrim("signatory"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "theme" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "theme_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"title" text NOT NULL,
	CONSTRAINT "theme_code_unique" UNIQUE("code"),
	CONSTRAINT "theme_code_format" CHECK ("theme"."code" ~ '^[A-Z0-9][A-Z0-9_.-]{0,39}$'),
	CONSTRAINT "theme_title_not_blank" CHECK (length(btrim("theme"."title")) > 0)
);
--> statement-breakpoint
CREATE TABLE "project_budget" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "project_budget_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"project_id" integer NOT NULL,
	"status" "budget_status" NOT NULL,
	"period_start" date,
	"period_end" date,
	"value_date" date NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"currency" char(3) NOT NULL,
	"qualifier" "qualifier" DEFAULT 'EXACT' NOT NULL,
	"as_stated" text,
	"source_id" integer,
	"is_assumption" boolean DEFAULT false NOT NULL,
	"note" text,
	CONSTRAINT "project_budget_currency_format" CHECK ("project_budget"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "project_budget_amount_non_negative" CHECK ("project_budget"."amount" >= 0),
	CONSTRAINT "project_budget_period_order" CHECK ("project_budget"."period_end" >= "project_budget"."period_start")
);
--> statement-breakpoint
CREATE TABLE "project_participant" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "project_participant_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"project_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"role" "organisation_role" NOT NULL,
	CONSTRAINT "project_participant_role_once" UNIQUE("project_id","organisation_id","role")
);
--> statement-breakpoint
CREATE TABLE "project_transaction" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "project_transaction_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"project_id" integer NOT NULL,
	"type" "transaction_type" NOT NULL,
	"value_date" date NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"currency" char(3) NOT NULL,
	"provider_organisation_id" integer,
	"receiver_organisation_id" integer,
	"description" text,
	"reverses_id" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_transaction_reversesId_unique" UNIQUE("reverses_id"),
	CONSTRAINT "project_transaction_currency_format" CHECK ("project_transaction"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "project_transaction_sign" CHECK (("project_transaction"."reverses_id" is null and "project_transaction"."amount" > 0) or ("project_transaction"."reverses_id" is not null and "project_transaction"."amount" < 0))
);
--> statement-breakpoint
CREATE TABLE "project" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "project_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"partnership_id" integer NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"status" "project_status" NOT NULL,
	"instrument_id" integer,
	"planned_start" date,
	"planned_start_precision" date_precision,
	"actual_start" date,
	"actual_start_precision" date_precision,
	"planned_end" date,
	"planned_end_precision" date_precision,
	"actual_end" date,
	"actual_end_precision" date_precision,
	"source_id" integer,
	"is_assumption" boolean DEFAULT false NOT NULL,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_code_unique" UNIQUE("code"),
	CONSTRAINT "project_code_format" CHECK ("project"."code" ~ '^[A-Z0-9][A-Z0-9_.-]{0,39}$'),
	CONSTRAINT "project_title_not_blank" CHECK (length(btrim("project"."title")) > 0),
	CONSTRAINT "project_planned_dates_order" CHECK ("project"."planned_end" >= "project"."planned_start"),
	CONSTRAINT "project_actual_dates_order" CHECK ("project"."actual_end" >= "project"."actual_start"),
	CONSTRAINT "project_planned_start_precision" CHECK (("project"."planned_start" is null) = ("project"."planned_start_precision" is null)),
	CONSTRAINT "project_actual_start_precision" CHECK (("project"."actual_start" is null) = ("project"."actual_start_precision" is null)),
	CONSTRAINT "project_planned_end_precision" CHECK (("project"."planned_end" is null) = ("project"."planned_end_precision" is null)),
	CONSTRAINT "project_actual_end_precision" CHECK (("project"."actual_end" is null) = ("project"."actual_end_precision" is null)),
	CONSTRAINT "project_version_positive" CHECK ("project"."version" > 0)
);
--> statement-breakpoint
CREATE TABLE "source" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "source_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"title" text NOT NULL,
	"publisher" text,
	"year" smallint,
	"url" text,
	"accessed_on" date,
	CONSTRAINT "source_code_unique" UNIQUE("code"),
	CONSTRAINT "source_code_format" CHECK ("source"."code" ~ '^[A-Z0-9][A-Z0-9_.-]{0,39}$'),
	CONSTRAINT "source_title_not_blank" CHECK (length(btrim("source"."title")) > 0)
);
--> statement-breakpoint
ALTER TABLE "funding_instrument_parent" ADD CONSTRAINT "funding_instrument_parent_instrument_id_funding_instrument_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."funding_instrument"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_instrument_parent" ADD CONSTRAINT "funding_instrument_parent_parent_id_funding_instrument_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."funding_instrument"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_allocation" ADD CONSTRAINT "instrument_allocation_instrument_id_funding_instrument_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."funding_instrument"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_allocation" ADD CONSTRAINT "instrument_allocation_partnership_id_partnership_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnership"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_allocation" ADD CONSTRAINT "instrument_allocation_recipient_signatory_id_signatory_id_fk" FOREIGN KEY ("recipient_signatory_id") REFERENCES "public"."signatory"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_allocation" ADD CONSTRAINT "instrument_allocation_source_id_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_observation" ADD CONSTRAINT "indicator_observation_indicator_id_indicator_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicator"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_observation" ADD CONSTRAINT "indicator_observation_source_id_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator" ADD CONSTRAINT "indicator_theme_id_theme_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."theme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_act_party" ADD CONSTRAINT "legal_act_party_legal_act_id_legal_act_id_fk" FOREIGN KEY ("legal_act_id") REFERENCES "public"."legal_act"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_act_provision" ADD CONSTRAINT "legal_act_provision_legal_act_id_legal_act_id_fk" FOREIGN KEY ("legal_act_id") REFERENCES "public"."legal_act"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_act" ADD CONSTRAINT "legal_act_source_id_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_project" ADD CONSTRAINT "measure_project_measure_id_measure_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_project" ADD CONSTRAINT "measure_project_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_responsibility" ADD CONSTRAINT "measure_responsibility_measure_id_measure_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_responsibility" ADD CONSTRAINT "measure_responsibility_signatory_id_signatory_id_fk" FOREIGN KEY ("signatory_id") REFERENCES "public"."signatory"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_status_change" ADD CONSTRAINT "measure_status_change_measure_id_measure_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_theme" ADD CONSTRAINT "measure_theme_measure_id_measure_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_theme" ADD CONSTRAINT "measure_theme_theme_id_theme_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."theme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure" ADD CONSTRAINT "measure_partnership_id_partnership_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnership"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure" ADD CONSTRAINT "measure_policy_area_id_policy_area_id_fk" FOREIGN KEY ("policy_area_id") REFERENCES "public"."policy_area"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure" ADD CONSTRAINT "measure_source_id_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation" ADD CONSTRAINT "organisation_signatory_id_signatory_id_fk" FOREIGN KEY ("signatory_id") REFERENCES "public"."signatory"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation" ADD CONSTRAINT "organisation_parent_id_organisation_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_signatory" ADD CONSTRAINT "partnership_signatory_partnership_id_partnership_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnership"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_signatory" ADD CONSTRAINT "partnership_signatory_signatory_id_signatory_id_fk" FOREIGN KEY ("signatory_id") REFERENCES "public"."signatory"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_area" ADD CONSTRAINT "policy_area_partnership_id_partnership_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnership"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_budget" ADD CONSTRAINT "project_budget_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_budget" ADD CONSTRAINT "project_budget_source_id_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_participant" ADD CONSTRAINT "project_participant_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_participant" ADD CONSTRAINT "project_participant_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_transaction" ADD CONSTRAINT "project_transaction_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_transaction" ADD CONSTRAINT "project_transaction_provider_organisation_id_organisation_id_fk" FOREIGN KEY ("provider_organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_transaction" ADD CONSTRAINT "project_transaction_receiver_organisation_id_organisation_id_fk" FOREIGN KEY ("receiver_organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_transaction" ADD CONSTRAINT "project_transaction_reverses_id_project_transaction_id_fk" FOREIGN KEY ("reverses_id") REFERENCES "public"."project_transaction"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project" ADD CONSTRAINT "project_partnership_id_partnership_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnership"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project" ADD CONSTRAINT "project_instrument_id_funding_instrument_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."funding_instrument"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project" ADD CONSTRAINT "project_source_id_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "indicator_observation_indicator_idx" ON "indicator_observation" USING btree ("indicator_id","period_start");--> statement-breakpoint
CREATE INDEX "legal_act_provision_act_idx" ON "legal_act_provision" USING btree ("legal_act_id","position");--> statement-breakpoint
CREATE INDEX "measure_project_project_idx" ON "measure_project" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "measure_responsibility_signatory_idx" ON "measure_responsibility" USING btree ("signatory_id","role");--> statement-breakpoint
CREATE INDEX "measure_status_change_measure_idx" ON "measure_status_change" USING btree ("measure_id","changed_at");--> statement-breakpoint
CREATE INDEX "measure_policy_area_idx" ON "measure" USING btree ("policy_area_id");--> statement-breakpoint
CREATE INDEX "measure_status_idx" ON "measure" USING btree ("partnership_id","status");--> statement-breakpoint
CREATE INDEX "measure_deadline_idx" ON "measure" USING btree ("deadline");--> statement-breakpoint
CREATE INDEX "project_budget_project_idx" ON "project_budget" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "project_participant_organisation_idx" ON "project_participant" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "project_transaction_project_idx" ON "project_transaction" USING btree ("project_id","value_date");--> statement-breakpoint
CREATE INDEX "project_partnership_idx" ON "project" USING btree ("partnership_id");--> statement-breakpoint
CREATE INDEX "project_instrument_idx" ON "project" USING btree ("instrument_id");