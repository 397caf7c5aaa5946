ALTER TABLE "instrument_allocation" ALTER COLUMN "partnership_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "project" ALTER COLUMN "partnership_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "measure" ADD COLUMN "policy_area_is_assumption" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "measure" ADD COLUMN "policy_area_note" text;--> statement-breakpoint
ALTER TABLE "measure" ADD COLUMN "locator" text;--> statement-breakpoint
ALTER TABLE "project" ADD COLUMN "recipient_signatory_id" integer;--> statement-breakpoint
ALTER TABLE "project" ADD CONSTRAINT "project_recipient_signatory_id_signatory_id_fk" FOREIGN KEY ("recipient_signatory_id") REFERENCES "public"."signatory"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_allocation" ADD CONSTRAINT "instrument_allocation_has_beneficiary" CHECK ("instrument_allocation"."partnership_id" is not null or "instrument_allocation"."recipient_signatory_id" is not null);--> statement-breakpoint
ALTER TABLE "project" ADD CONSTRAINT "project_has_home" CHECK ("project"."partnership_id" is not null or "project"."recipient_signatory_id" is not null or "project"."instrument_id" is not null);