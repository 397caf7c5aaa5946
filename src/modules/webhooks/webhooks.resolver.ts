import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireCoordinator } from "../../auth/access";
import { PageArgs } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { DateTimeScalar } from "../../graphql/scalars";
import { asksForSubfield } from "../../graphql/selection";
import { fromGlobalIdOf } from "../../lib/global-id";
import { Partnership } from "../partnerships/partnerships.types";
import { createWebhook, deleteWebhook, disableWebhook, enableWebhook } from "./webhooks.commands";
import { CreateWebhookInput, CreateWebhookPayload, DeleteWebhookPayload, WebhookInput, WebhookPayload } from "./webhooks.inputs";
import { listDeliveries, listWebhooks, type WebhookRow } from "./webhooks.service";
import { Webhook, WebhookConnection, WebhookDeliveryConnection, WebhookEventType, webhookEventTypeOf } from "./webhooks.types";

@Resolver(() => Webhook)
export class WebhookResolver {
  @Query(() => WebhookConnection, { description: "Registered endpoints, in order of registration. Coordinator only." })
  webhooks(@Args() page: PageArgs, @Ctx() { db, viewer }: Context, @Info() info: GraphQLResolveInfo) {
    requireCoordinator(viewer, "read webhooks");
    return listWebhooks(db, page, { totalCount: asksForSubfield(info, "totalCount") });
  }

  @Query(() => WebhookDeliveryConnection, {
    description: "An endpoint's delivery attempts, newest first, kept as long as events (EVENT_RETENTION_DAYS). Coordinator only.",
  })
  webhookDeliveries(
    @Arg("webhookId", () => ID, { description: "The webhook's global id." }) webhookId: string,
    @Args() page: PageArgs,
    @Ctx() { db, viewer }: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    requireCoordinator(viewer, "read webhook deliveries");
    return listDeliveries(db, fromGlobalIdOf("Webhook", webhookId), page, { totalCount: asksForSubfield(info, "totalCount") });
  }

  @FieldResolver(() => Partnership, { nullable: true })
  partnership(@Root() webhook: WebhookRow, @Ctx() { loaders }: Context) {
    return webhook.partnershipId == null ? null : loaders.partnershipById.load(webhook.partnershipId);
  }

  @FieldResolver(() => [WebhookEventType])
  eventTypes(@Root() webhook: WebhookRow) {
    return webhook.eventTypes.map(webhookEventTypeOf).filter((value) => value !== undefined);
  }

  @FieldResolver(() => String)
  deliveredThrough(@Root() webhook: WebhookRow) {
    return String(webhook.cursor);
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true })
  nextRetryAt(@Root() webhook: WebhookRow) {
    return webhook.status === "ACTIVE" && webhook.attempts > 0 ? webhook.nextAttemptAt : null;
  }

  @Mutation(() => CreateWebhookPayload, {
    description:
      "Registers a partner system's endpoint and gives its signing secret, this once. Coordinator only. Deliveries are " +
      "POSTs of JSON { id, type, timestamp, data }, signed as Standard Webhooks specifies (webhook-id, webhook-timestamp, " +
      "webhook-signature), at least once and in event order, retried with back-off for up to 24 hours.",
  })
  async createWebhook(@Arg("input", { description: "The endpoint's https URL, the event types and the partnership and signatory it listens for." }) input: CreateWebhookInput, @Ctx() ctx: Context): Promise<object> {
    return { ...(await createWebhook(ctx, input)), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => WebhookPayload, { description: "Stops deliveries to an endpoint (an attempt in flight finishes). Coordinator only." })
  async disableWebhook(@Arg("input", { description: "Which webhook to disable, by its global id." }) input: WebhookInput, @Ctx() ctx: Context): Promise<object> {
    return { webhook: await disableWebhook(ctx, input), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => WebhookPayload, {
    description: "Resumes deliveries to a disabled or failing endpoint where they stopped, with no back-off. Coordinator only.",
  })
  async enableWebhook(@Arg("input", { description: "Which webhook to enable again, by its global id." }) input: WebhookInput, @Ctx() ctx: Context): Promise<object> {
    return { webhook: await enableWebhook(ctx, input), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => DeleteWebhookPayload, { description: "Deletes an endpoint and its delivery records. Coordinator only." })
  async deleteWebhook(@Arg("input", { description: "Which webhook to delete, with its delivery records, by its global id." }) input: WebhookInput, @Ctx() ctx: Context): Promise<object> {
    return { deletedWebhookId: await deleteWebhook(ctx, input), clientMutationId: input.clientMutationId ?? null };
  }
}
