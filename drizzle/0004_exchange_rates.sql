CREATE TABLE "exchange_rate" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "exchange_rate_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"base_currency" char(3) NOT NULL,
	"quote_currency" char(3) NOT NULL,
	"rate_date" date NOT NULL,
	"rate" numeric(24, 10) NOT NULL,
	"source" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_rate_once_a_day" UNIQUE("base_currency","quote_currency","rate_date"),
	CONSTRAINT "exchange_rate_base_format" CHECK ("exchange_rate"."base_currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "exchange_rate_quote_format" CHECK ("exchange_rate"."quote_currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "exchange_rate_distinct_currencies" CHECK ("exchange_rate"."base_currency" <> "exchange_rate"."quote_currency"),
	CONSTRAINT "exchange_rate_positive" CHECK ("exchange_rate"."rate" > 0),
	CONSTRAINT "exchange_rate_source_not_blank" CHECK (length(btrim("exchange_rate"."source")) > 0)
);
