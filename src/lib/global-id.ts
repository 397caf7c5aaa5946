import { sql, type SQL } from "drizzle-orm";
import { badUserInput } from "../graphql/errors";
import { withIndefiniteArticle } from "./text";

/**
 * Opaque global ids, as GitHub's API has them: base64url("Measure:42"). Clients must treat
 * them as opaque; the server can tell from one which type and row it names.
 */
export function toGlobalId(typeName: string, id: number): string {
  return Buffer.from(`${typeName}:${id}`, "utf8").toString("base64url");
}

/** toGlobalId in SQL, for an id PostgreSQL writes into JSON itself (e.g. an event's payload). */
export const globalIdSql = (typeName: string, id: SQL): SQL =>
  sql`translate(rtrim(encode(convert_to(${sql.raw(`'${typeName}:'`)} || ${id}, 'UTF8'), 'base64'), '='), '+/', '-_')`;

export interface DecodedGlobalId {
  typeName: string;
  id: number;
}

const DECODED_PATTERN = /^([A-Za-z]+):([1-9][0-9]{0,9})$/;

/** Throws BAD_USER_INPUT for a string that is not a global id at all. */
export function fromGlobalId(globalId: string): DecodedGlobalId {
  const decoded = /^[A-Za-z0-9_-]+$/.test(globalId) ? Buffer.from(globalId, "base64url").toString("utf8") : "";
  const match = DECODED_PATTERN.exec(decoded);
  if (!match || Number(match[2]) > 2_147_483_647) {
    throw badUserInput(`"${truncate(globalId)}" is not a valid id; use an id returned by this API`);
  }
  return { typeName: match[1]!, id: Number(match[2]) };
}

/** Decodes an id that must name a given type, e.g. a mutation's `measureId`. */
export function fromGlobalIdOf(typeName: string, globalId: string): number {
  const decoded = fromGlobalId(globalId);
  if (decoded.typeName !== typeName) {
    throw badUserInput(`"${truncate(globalId)}" is the id of ${withIndefiniteArticle(decoded.typeName)}, not of ${withIndefiniteArticle(typeName)}`);
  }
  return decoded.id;
}

export const truncate = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max)}…` : text);
