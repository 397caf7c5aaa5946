import { ArrayMaxSize, ArrayMinSize, IsOptional, MaxLength } from "class-validator";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { MutationInput } from "../../graphql/mutation-input";
import { IsCode } from "../../graphql/validation";
import { Webhook, WebhookEventType } from "./webhooks.types";

/** Mutation inputs and payloads for webhooks, GitHub style. All of these are for the coordinator only. */

@InputType({
  description:
    "A new endpoint. Its URL must be https: (http: too in development) and its host must resolve to public addresses only " +
    "(unless the server runs with WEBHOOKS_ALLOW_PRIVATE=true). It receives events committed from now on.",
})
export class CreateWebhookInput extends MutationInput {
  @Field({ description: "Where to POST events, e.g. \"https://partner.example/hooks/mobility-plan\"; no user name or password in it." })
  @MaxLength(2000)
  url!: string;

  @Field(() => [WebhookEventType], { description: "The kinds of events to send, at least one." })
  @ArrayMinSize(1, { message: "eventTypes must name at least one kind of event" })
  @ArrayMaxSize(10)
  eventTypes!: WebhookEventType[];

  @Field(() => String, { nullable: true, description: 'Only this partnership\'s events, e.g. "EU-BY"; null: every partnership\'s, and exchange rates.' })
  @IsOptional()
  @IsCode()
  partnershipCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Send what this signatory\'s ministry may see, e.g. "PL" (non-public events that concern it included); null: public events only, as anonymous clients see them.',
  })
  @IsOptional()
  @IsCode()
  signatoryCode?: string | null;
}

@InputType({ description: "Names one registered endpoint, for disabling, enabling or deleting it." })
export class WebhookInput extends MutationInput {
  @Field(() => ID, { description: "The webhook's global id." })
  webhookId!: string;
}

@ObjectType({ description: "A new endpoint and its secret." })
export class CreateWebhookPayload {
  @Field(() => Webhook, { description: "The endpoint as registered: ACTIVE, receiving events committed from now on." })
  webhook!: Webhook;

  @Field({
    description:
      'The signing secret, "whsec_" and base64 (Standard Webhooks): verify each delivery\'s webhook-signature with it. ' +
      "Shown this once only: store it now. Lost, delete the webhook and register it again.",
  })
  secret!: string;

  @Field(() => String, { nullable: true, description: "The input's clientMutationId, unchanged." })
  clientMutationId!: string | null;
}

@ObjectType({ description: "The endpoint after the change." })
export class WebhookPayload {
  @Field(() => Webhook, { description: "The endpoint, with its new status." })
  webhook!: Webhook;

  @Field(() => String, { nullable: true, description: "The input's clientMutationId, unchanged." })
  clientMutationId!: string | null;
}

@ObjectType({ description: "What deleteWebhook removed." })
export class DeleteWebhookPayload {
  @Field(() => ID, { description: "The deleted webhook's id; its delivery records are deleted with it (its audit records stay)." })
  deletedWebhookId!: string;

  @Field(() => String, { nullable: true, description: "The input's clientMutationId, unchanged." })
  clientMutationId!: string | null;
}
