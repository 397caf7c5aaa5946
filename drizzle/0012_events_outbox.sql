CREATE TABLE "event" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "event_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"type" text NOT NULL,
	"operation" text NOT NULL,
	"partnership_id" integer,
	"partnership_code" text,
	"entity_type" text NOT NULL,
	"entity_id" integer NOT NULL,
	"audit_event_id" integer NOT NULL,
	"payload" jsonb NOT NULL,
	"actor_sub" text NOT NULL,
	"actor_role" text NOT NULL,
	"actor_signatory_code" text,
	"public" boolean NOT NULL,
	"signatory_codes" text[] NOT NULL
);
--> statement-breakpoint
ALTER TABLE "event" ADD CONSTRAINT "event_audit_event_id_audit_event_id_fk" FOREIGN KEY ("audit_event_id") REFERENCES "public"."audit_event"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_occurred_idx" ON "event" USING btree ("occurred_at");