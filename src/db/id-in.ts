import { sql, type AnyColumn, type Placeholder, type SQL } from "drizzle-orm";

type Ids = readonly number[] | Placeholder;

/**
 * `column = any($1::int[])`, for the DataLoader batch queries. drizzle's `inArray` sends one
 * parameter per id, so every batch size is another statement text (another prepared statement
 * and plan per connection) and drizzle types each parameter; one array parameter keeps the
 * text constant whatever the batch.
 */
export const idIn = (column: AnyColumn, ids: Ids): SQL => sql`${column} = any(${sql.param(ids)}::int[])`;
