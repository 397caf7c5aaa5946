import { and, eq, sql } from "drizzle-orm";
import { requireCoordinator } from "../../auth/access";
import type { Transaction } from "../../db/client";
import type { Context } from "../../graphql/context";
import { badUserInput, notFound } from "../../graphql/errors";
import { applyChange } from "../audit/audit.service";
import type { SetExchangeRateInput } from "./funding.inputs";
import { exchangeRatesByIds, type ExchangeRateRow } from "./funding.service";
import { exchangeRates } from "./funding.tables";

/**
 * Sets the rate of a currency pair for one day; the coordinator's alone. Runs in one
 * transaction with its audit record (applyChange). A day that has a rate already gets the
 * new one in the same row (same id), audited with the old rate as `before`.
 *
 * Throws UNAUTHENTICATED or FORBIDDEN before anything else, BAD_USER_INPUT for a pair of
 * equal currencies (the rest of the input is validated at the edge).
 */
export async function setExchangeRate(ctx: Context, input: SetExchangeRateInput): Promise<ExchangeRateRow> {
  const viewer = requireCoordinator(ctx.viewer, "set exchange rates");
  if (input.baseCurrency === input.quoteCurrency) {
    throw badUserInput(`baseCurrency and quoteCurrency must differ (both are ${input.baseCurrency})`);
  }
  const values = { rate: input.rate, source: input.source.trim() };
  const { id } = await applyChange({ ...ctx, viewer }, "setExchangeRate", input, async (tx, record) => {
    let before = await rateOfDay(tx, input);
    if (!before) {
      const [created] = await tx
        .insert(exchangeRates)
        .values({ baseCurrency: input.baseCurrency, quoteCurrency: input.quoteCurrency, rateDate: input.rateDate, ...values })
        .onConflictDoNothing()
        .returning();
      if (created) {
        await record({ entityType: "ExchangeRate", entityId: created.id, before: null, after: created });
        return { typeName: "ExchangeRate", id: created.id };
      }
      // A concurrent call set this day's rate first (its insert won): replace that one.
      before = await rateOfDay(tx, input);
      if (!before) throw new Error("exchange rate neither inserted nor found");
    }
    const [after] = await tx
      .update(exchangeRates)
      .set({ ...values, recordedAt: sql`now()` })
      .where(eq(exchangeRates.id, before.id))
      .returning();
    await record({ entityType: "ExchangeRate", entityId: before.id, before, after });
    return { typeName: "ExchangeRate", id: before.id };
  });
  ctx.loaders.exchangeRateById.clear(id);
  const [rate] = await exchangeRatesByIds(ctx.db, [id]);
  if (!rate) throw notFound("The exchange rate no longer exists");
  return rate;
}

/** The pair's rate for the input's day, locked until the transaction ends. */
async function rateOfDay(tx: Transaction, input: SetExchangeRateInput): Promise<ExchangeRateRow | undefined> {
  const [row] = await tx
    .select()
    .from(exchangeRates)
    .where(
      and(
        eq(exchangeRates.baseCurrency, input.baseCurrency),
        eq(exchangeRates.quoteCurrency, input.quoteCurrency),
        eq(exchangeRates.rateDate, input.rateDate),
      ),
    )
    .for("update");
  return row;
}
