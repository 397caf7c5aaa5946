import type { ApolloServerPlugin } from "@apollo/server";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Database, Executor } from "../../db/client";
import type { Context } from "../../graphql/context";
import { badUserInput } from "../../graphql/errors";
import { HEADERS } from "../../http/headers";
import type { Logger } from "../../logger";
import { idempotencyKeys } from "./audit.tables";

/**
 * A mutation request sent with an Idempotency-Key (the IETF httpapi draft's semantics): the first
 * request to commit a change under the key has its response stored; a retry with the same key,
 * operation document and input gets exactly that response, and changes nothing.
 */
export interface IdempotentRequest {
  key: string;
  /** The hash of the operation's document, once parsed: a retry must send the same one. */
  documentHash?: string;
  /** This request committed a change under the key: its response is to be stored, for `principal`. */
  committedBy?: string;
  /** This request is a retry: the first response, sent instead of this one's. */
  firstResponse?: string;
}


/**
 * How long a key is remembered. Clients retry within seconds or minutes; a day covers a
 * ministry's flaky link overnight, and keeps the table from growing without end.
 */
export const IDEMPOTENCY_KEY_LIFETIME = "24 hours";

/** The row of `key` for `principal`. */
export const idempotencyKeyRow = (principal: string, key: string) => and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key));

/** What an earlier request committed under the key: the changed entity, and its response if stored yet. */
export interface EarlierResult {
  typeName: string;
  id: number;
  response: string | null;
}

/**
 * Claims the key for this request, or finds the earlier result under it. On PostgreSQL a
 * concurrent first use of the same key waits here until the other transaction ends. The
 * caller's expired keys are forgotten first, so an old key may be used again.
 */
export async function claimIdempotencyKey(
  tx: Executor,
  principal: string,
  key: string,
  requestHash: string,
): Promise<EarlierResult | null> {
  await tx
    .delete(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.principal, principal),
        lt(idempotencyKeys.createdAt, sql`now() - ${IDEMPOTENCY_KEY_LIFETIME}::interval`),
      ),
    );
  const claimed = await tx
    .insert(idempotencyKeys)
    .values({ principal, key, requestHash })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed.length > 0) return null;
  const [earlier] = await tx
    .select()
    .from(idempotencyKeys)
    .where(idempotencyKeyRow(principal, key));
  if (!earlier || earlier.requestHash !== requestHash || earlier.resultType === null || earlier.resultId === null) {
    throw badUserInput(
      "This Idempotency-Key was already used for a different request; use a new key for a new change",
    );
  }
  return { typeName: earlier.resultType, id: earlier.resultId, response: earlier.response };
}

/** A retry that overtook the first request's response waits this long for it. */
const FIRST_RESPONSE_WAIT_MS = 2_000;
const FIRST_RESPONSE_POLL_MS = 20;

/**
 * The first response to the key, waiting for it if the first request has committed its change
 * but not yet sent its response (a retry sent while the first was still running). Undefined if
 * it never comes: the first request's process died between its commit and its response.
 */
export async function firstResponseTo(db: Database, principal: string, key: string, deadline: AbortSignal): Promise<string | undefined> {
  const waitUntil = performance.now() + FIRST_RESPONSE_WAIT_MS;
  for (;;) {
    const [row] = await db
      .select({ response: idempotencyKeys.response })
      .from(idempotencyKeys)
      .where(idempotencyKeyRow(principal, key));
    if (row?.response != null) return row.response;
    if (performance.now() >= waitUntil || deadline.aborted) return undefined;
    await new Promise((resolve) => setTimeout(resolve, FIRST_RESPONSE_POLL_MS));
  }
}

/**
 * Stores the response of a request that committed a change under its Idempotency-Key before it
 * is sent, and sends a retry the first response in place of its own. A failure to store is
 * logged, not the client's: the change stands, and a retry then answers with the entity as it is.
 */
export function idempotentResponses(db: Database, logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, queryHash }) {
          if (contextValue.idempotency) contextValue.idempotency.documentHash = queryHash;
        },
        async willSendResponse({ contextValue, response }) {
          const request = contextValue.idempotency;
          if (!request || response.body.kind !== "single") return;
          if (request.firstResponse !== undefined) {
            response.body.singleResult = JSON.parse(request.firstResponse) as typeof response.body.singleResult;
            response.http.headers.set(HEADERS.idempotentReplayed, "true");
            return;
          }
          if (request.committedBy === undefined) return;
          await db
            .update(idempotencyKeys)
            .set({ response: JSON.stringify(response.body.singleResult) })
            .where(idempotencyKeyRow(request.committedBy, request.key))
            .catch((error: unknown) => logger.error({ requestId: contextValue.requestId, err: error }, "could not store the response to an Idempotency-Key"));
        },
      };
    },
  };
}
