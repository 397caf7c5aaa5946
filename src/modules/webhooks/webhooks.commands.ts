import { and, eq } from "drizzle-orm";
import { requireCoordinator } from "../../auth/access";
import type { Transaction } from "../../db/client";
import type { Context } from "../../graphql/context";
import { badUserInput, notFound } from "../../graphql/errors";
import { fromGlobalIdOf } from "../../lib/global-id";
import { applyChange } from "../audit/audit.service";
import { newestEventId } from "../events/events.service";
import { requirePartnership } from "../partnerships/partnerships.service";
import { partnershipSignatories, signatories } from "../partnerships/partnerships.tables";
import { checkEndpointUrl } from "./webhooks.addresses";
import type { CreateWebhookInput, WebhookInput } from "./webhooks.inputs";
import { EVENT_TYPE_OF } from "./webhooks.types";
import { findWebhook, type WebhookRow } from "./webhooks.service";
import { newSecret } from "./webhooks.signing";
import { webhooks } from "./webhooks.tables";

/**
 * Registering and managing endpoints: the coordinator's alone. Each change runs in one
 * transaction with its audit record (applyChange), which holds the endpoint without its secret,
 * and announces no event (subscribers and endpoints are not told of endpoints).
 *
 * Throws UNAUTHENTICATED or FORBIDDEN before anything else, NOT_FOUND for an unknown webhook,
 * BAD_USER_INPUT for a URL that may not be called, an unknown partnership or signatory.
 */

export async function createWebhook(ctx: Context, input: CreateWebhookInput): Promise<{ webhook: WebhookRow; secret: string }> {
  const viewer = requireCoordinator(ctx.viewer, "register webhooks");
  // Outside the transaction: it may wait on DNS.
  const url = await checkEndpointUrl(input.url, ctx.webhooks.addresses);
  const secret = newSecret();
  const { id } = await applyChange({ ...ctx, viewer }, "createWebhook", input, async (tx, record) => {
    const partnership = input.partnershipCode == null ? null : await requirePartnership(tx, input.partnershipCode);
    if (input.signatoryCode != null) await requireSignatory(tx, input.signatoryCode, partnership);
    // From now on: events already committed are not sent (ids are in commit order).
    const newest = await newestEventId(tx);
    const [created] = await tx
      .insert(webhooks)
      .values({
        url: url.href,
        eventTypes: [...new Set(input.eventTypes.map((value) => EVENT_TYPE_OF[value]))],
        partnershipId: partnership?.id ?? null,
        signatoryCode: input.signatoryCode ?? null,
        secret,
        cursor: newest,
      })
      .returning();
    await record({ entityType: "Webhook", entityId: created!.id, before: null, after: snapshot(created!), announce: false });
    return { typeName: "Webhook", id: created!.id };
  });
  // This instance's dispatcher wakes only for events an endpoint it knows may want.
  ctx.webhooks.wake();
  return { webhook: await requireWebhook(ctx, id), secret };
}

/** Stops deliveries; an attempt in flight finishes. */
export function disableWebhook(ctx: Context, input: WebhookInput): Promise<WebhookRow> {
  return changeStatus(ctx, input, "disableWebhook", "DISABLED");
}

/** Resumes deliveries where they stopped (a FAILING endpoint: with the event that failed), with no back-off. */
export function enableWebhook(ctx: Context, input: WebhookInput): Promise<WebhookRow> {
  return changeStatus(ctx, input, "enableWebhook", "ACTIVE");
}

export async function deleteWebhook(ctx: Context, input: WebhookInput): Promise<string> {
  const viewer = requireCoordinator(ctx.viewer, "delete webhooks");
  const webhookId = fromGlobalIdOf("Webhook", input.webhookId);
  await applyChange({ ...ctx, viewer }, "deleteWebhook", input, async (tx, record) => {
    const [deleted] = await tx.delete(webhooks).where(eq(webhooks.id, webhookId)).returning();
    if (!deleted) throw notFound(`There is no webhook ${input.webhookId}`);
    await record({ entityType: "Webhook", entityId: webhookId, before: snapshot(deleted), after: null, announce: false });
    return { typeName: "Webhook", id: webhookId };
  });
  return input.webhookId;
}

async function changeStatus(ctx: Context, input: WebhookInput, operation: string, status: "ACTIVE" | "DISABLED"): Promise<WebhookRow> {
  const viewer = requireCoordinator(ctx.viewer, status === "ACTIVE" ? "enable webhooks" : "disable webhooks");
  const webhookId = fromGlobalIdOf("Webhook", input.webhookId);
  await applyChange({ ...ctx, viewer }, operation, input, async (tx, record) => {
    const [before] = await tx.select().from(webhooks).where(eq(webhooks.id, webhookId)).for("update");
    if (!before) throw notFound(`There is no webhook ${input.webhookId}`);
    const [after] = await tx
      .update(webhooks)
      .set(status === "ACTIVE" ? { status, attempts: 0, failingSince: null, nextAttemptAt: new Date() } : { status })
      .where(eq(webhooks.id, webhookId))
      .returning();
    await record({ entityType: "Webhook", entityId: webhookId, before: snapshot(before), after: snapshot(after!), announce: false });
    return { typeName: "Webhook", id: webhookId };
  });
  // Events may be waiting for it, and none may come to wake a dispatcher: this instance's looks now.
  if (status === "ACTIVE") ctx.webhooks.wake();
  return requireWebhook(ctx, webhookId);
}

/** What the audit trail keeps of an endpoint: everything but its secret and its delivery's progress. */
function snapshot(row: WebhookRow) {
  return { url: row.url, eventTypes: row.eventTypes, partnershipId: row.partnershipId, signatoryCode: row.signatoryCode, status: row.status };
}

async function requireSignatory(tx: Transaction, code: string, partnership: { id: number; code: string } | null): Promise<void> {
  const [signatory] = await tx.select({ id: signatories.id }).from(signatories).where(eq(signatories.code, code));
  if (!signatory) throw badUserInput(`There is no signatory ${code}`);
  if (!partnership) return;
  const [member] = await tx
    .select({ id: partnershipSignatories.signatoryId })
    .from(partnershipSignatories)
    .where(and(eq(partnershipSignatories.partnershipId, partnership.id), eq(partnershipSignatories.signatoryId, signatory.id)));
  if (!member) throw badUserInput(`${code} is not a signatory of ${partnership.code}`);
}

async function requireWebhook(ctx: Context, id: number): Promise<WebhookRow> {
  const row = await findWebhook(ctx.db, id);
  if (!row) throw notFound("The webhook was deleted meanwhile");
  return row;
}
