import { and, asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { batchQuery } from "../../db/batch-query";
import { idIn } from "../../db/id-in";
import { organisations } from "../organisations/organisations.tables";
import { themes } from "../partnerships/partnerships.tables";
import { statements } from "./statements.tables";
import type { StatementFilter } from "./statements.types";

export type StatementRow = typeof statements.$inferSelect;

/** Statements by code, narrowed by kind, theme and who made them; an unknown code matches none. */
export async function listStatements(db: Executor, filter: StatementFilter): Promise<StatementRow[]> {
  return db
    .select()
    .from(statements)
    .where(
      and(
        filter.kind == null ? undefined : eq(statements.kind, filter.kind),
        filter.themeCode == null
          ? undefined
          : inArray(statements.themeId, db.select({ id: themes.id }).from(themes).where(eq(themes.code, filter.themeCode))),
        filter.organisationCode == null
          ? undefined
          : inArray(
              statements.madeByOrganisationId,
              db.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, filter.organisationCode)),
            ),
      ),
    )
    .orderBy(asc(statements.code));
}

export async function findStatementByCode(db: Executor, code: string): Promise<StatementRow | null> {
  const [row] = await db.select().from(statements).where(eq(statements.code, code));
  return row ?? null;
}

export const statementsByIds = batchQuery<StatementRow>("statementsByIds", (db, ids) =>
  db.select().from(statements).where(idIn(statements.id, ids)));

export const statementsOfNationalProgrammes = batchQuery<StatementRow>("statementsOfNationalProgrammes", (db, ids) =>
  db.select().from(statements).where(idIn(statements.nationalProgrammeId, ids)).orderBy(asc(statements.code)));
