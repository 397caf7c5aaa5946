import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { PLAIN_VALUES } from "../../graphql/common.types";
import { connectionTypes } from "../../graphql/connection";
import { graphqlEnum } from "../../graphql/enums";
import { Node } from "../../graphql/node";
import { DateTimeScalar } from "../../graphql/scalars";
import type { EventType } from "../events/events.service";
import { Partnership } from "../partnerships/partnerships.types";
import { webhookDeliveryStatusEnum, webhookStatusEnum } from "./webhooks.tables";

/** The kinds of events an endpoint can ask for. */
export enum WebhookEventType {
  MEASURE_CHANGED = "MEASURE_CHANGED",
  ACTION_PLAN_CHANGED = "ACTION_PLAN_CHANGED",
  PROJECT_CHANGED = "PROJECT_CHANGED",
  FUNDING_CHANGED = "FUNDING_CHANGED",
}

/** The event type (EVENT_TYPES, the delivery's `type`) each value stands for, and back. */
export const EVENT_TYPE_OF: Record<WebhookEventType, EventType> = {
  MEASURE_CHANGED: "measure.changed",
  ACTION_PLAN_CHANGED: "action_plan.changed",
  PROJECT_CHANGED: "project.changed",
  FUNDING_CHANGED: "funding.changed",
};
export const webhookEventTypeOf = (type: string) =>
  (Object.keys(EVENT_TYPE_OF) as WebhookEventType[]).find((value) => EVENT_TYPE_OF[value] === type);

registerEnumType(WebhookEventType, {
  name: "WebhookEventType",
  description: "A kind of event an endpoint receives; the delivery's JSON names it in lower case with a dot (MEASURE_CHANGED: \"measure.changed\").",
  valuesConfig: {
    MEASURE_CHANGED: { description: "A measure was proposed, edited, moved to another status or given a progress update." },
    ACTION_PLAN_CHANGED: { description: "An action plan's draft was edited (non-public), or a version adopted or superseded." },
    PROJECT_CHANGED: { description: "A project's data or participants changed (its money: FUNDING_CHANGED)." },
    FUNDING_CHANGED: { description: "A project's budgets, transactions or reversals, or an exchange rate (which belongs to no partnership)." },
  },
});

export const WebhookStatus = graphqlEnum(webhookStatusEnum, "WebhookStatus", "Whether an endpoint receives events.", {
  ACTIVE: "Events are delivered.",
  DISABLED: "Stopped by the coordinator (disableWebhook); nothing is sent until enableWebhook.",
  FAILING:
    "An event went undelivered for WEBHOOK_RETRY_FOR_MS (24 hours) and delivery stopped; enableWebhook resumes with that event.",
});
export type WebhookStatus = keyof typeof WebhookStatus;

export const WebhookDeliveryStatus = graphqlEnum(webhookDeliveryStatusEnum, "WebhookDeliveryStatus", "How one delivery attempt ended.", {
  SUCCEEDED: "The endpoint answered 2xx: the event counts as delivered to it.",
  FAILED: "Any other answer (a redirect included), or none within WEBHOOK_TIMEOUT_MS: the event is tried again.",
});
export type WebhookDeliveryStatus = keyof typeof WebhookDeliveryStatus;

@ObjectType({
  ...PLAIN_VALUES,
  implements: Node,
  description:
    "A partner system's endpoint, to which the server POSTs events, signed (Standard Webhooks). The coordinator's only: " +
    "its secret is shown once, by createWebhook.",
})
export class Webhook extends Node {
  @Field({ description: "Where events are POSTed." })
  url!: string;

  @Field(() => [WebhookEventType], { description: "The kinds of events it receives." })
  eventTypes!: WebhookEventType[];

  @Field(() => Partnership, { nullable: true, description: "Only this partnership's events; null: every partnership's, and exchange rates." })
  partnership!: Partnership | null;

  @Field(() => String, {
    nullable: true,
    description:
      "It receives what this signatory's ministry may see (non-public events that concern it, or concern no signatory, " +
      "included); null: what anonymous clients see, public events only. Never who made a change.",
  })
  signatoryCode!: string | null;

  @Field(() => WebhookStatus, { description: "Whether events are being delivered to it (FAILING: stopped until enableWebhook)." })
  status!: WebhookStatus;

  @Field(() => DateTimeScalar, { description: "When it was registered; it receives events committed after that." })
  createdAt!: Date;

  @Field({
    description:
      "The id of the last event delivered to it or passed over (not for it): the next one it gets has a greater id " +
      "(as webhook-id, and as the body's id).",
  })
  deliveredThrough!: string;

  @Field(() => Int, { description: "Failed attempts at the event it is waiting for; 0 when none is failing." })
  attempts!: number;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "When that event's first attempt failed; null when none is failing. WEBHOOK_RETRY_FOR_MS after it, the endpoint is FAILING.",
  })
  failingSince!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When it is tried again; null when no attempt has failed." })
  nextRetryAt!: Date | null;
}

export const WebhookConnection = connectionTypes(Webhook, "Webhook");

@ObjectType({ ...PLAIN_VALUES, description: "One attempt to deliver one event to an endpoint." })
export class WebhookDelivery {
  @Field({ description: "The event's id: the webhook-id header and the body's id (receivers deduplicate by it)." })
  eventId!: string;

  @Field(() => Int, { description: "1 for the first attempt at this event, 2 for the first retry, and so on." })
  attempt!: number;

  @Field(() => DateTimeScalar, { description: "When the attempt's outcome was recorded." })
  attemptedAt!: Date;

  @Field(() => WebhookDeliveryStatus, { description: "SUCCEEDED when the endpoint answered 2xx: the event is then delivered to it." })
  status!: WebhookDeliveryStatus;

  @Field(() => Int, { nullable: true, description: "The endpoint's HTTP status; null when it gave none (refused, timed out)." })
  responseStatus!: number | null;

  @Field(() => Int, { description: "From sending the request to the answer's status, in milliseconds." })
  durationMs!: number;

  @Field(() => String, {
    nullable: true,
    description: "Why it failed: the network error, or the status and the first 200 characters of the answer's body; null on success.",
  })
  error!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the event is tried again; null after a success, or when the endpoint was then marked FAILING." })
  nextRetryAt!: Date | null;
}

export const WebhookDeliveryConnection = connectionTypes(WebhookDelivery, "WebhookDelivery");
