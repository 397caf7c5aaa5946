import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from "graphql";
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./process";

/**
 * Generated hostile requests, each a pure function of (seed, index): a failure is replayed
 * with FUZZ_SEED and FUZZ_ONLY. Shapes are taken from the committed SDL, so the fuzzer
 * reaches resolvers and services with inputs that are almost right, not only parse errors.
 */

export interface Rng {
  next(): number;
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32, seeded from (seed, index). */
export function rngFor(seed: number, index: number): Rng {
  let state = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
  return rng;
}

export interface FuzzRequest {
  category: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface FuzzContext {
  schema: GraphQLSchema;
  /** Real global ids read from the server, so that some inputs name things that exist. */
  ids: string[];
  /** Valid tokens of each role, and broken ones (expired, wrong key, alg none, garbage). */
  tokens: string[];
}

export const loadSchema = (): GraphQLSchema => buildSchema(readFileSync(path.join(repoRoot, "schema/schema.graphql"), "utf8"));

// --- values ---------------------------------------------------------------------------

const STRINGS = [
  "",
  " ",
  "EU-BY",
  "PL",
  "BY",
  "AGREED",
  "LABOUR_MIGRATION_LEGAL_MOBILITY",
  "EUR",
  "eur",
  "XXX",
  "1500000.00",
  "2020-12-31",
  "'; drop table measure; --",
  "\" or 1=1 --",
  "%",
  "_%_",
  "\\",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff\ud800",
  "😀👩‍👩‍👧‍👦",
  "\u202eevil",
  "\u200b\u200b",
  "Zürich – Мінск – Łódź",
  "ﷺ",
  "\n\r\t",
  "${jndi:ldap://127.0.0.1/x}",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "null",
  "undefined",
  "NaN",
  "-0",
  "1e309",
];

const NUMBERS = [0, -1, 1, 2, 20, 100, 101, 1000, 2147483647, 2147483648, -2147483649, 9007199254740993, 1e20, 1e308, -1e308, 5e-324, 0.5, -0.0001, 3.14159];

function randomString(rng: Rng): string {
  const roll = rng.next();
  if (roll < 0.5) return rng.pick(STRINGS);
  if (roll < 0.6) return rng.pick(STRINGS).repeat(rng.int(100, 3000));
  if (roll < 0.7) return "x".repeat(rng.pick([255, 256, 1000, 10_001, 100_000]));
  let text = "";
  const length = rng.int(1, 40);
  for (let i = 0; i < length; i++) text += String.fromCodePoint(rng.chance(0.7) ? rng.int(32, 126) : rng.int(0, 0x10ffff));
  return text;
}

export function randomJson(rng: Rng, depth = 0): unknown {
  const roll = rng.int(0, depth > 3 ? 4 : 7);
  switch (roll) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick(NUMBERS);
    case 3:
    case 4:
      return randomString(rng);
    case 5:
      return Array.from({ length: rng.int(0, 4) }, () => randomJson(rng, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: rng.int(0, 4) }, () => [randomString(rng).slice(0, 20), randomJson(rng, depth + 1)]));
  }
}

function globalId(rng: Rng, ctx: FuzzContext): string {
  const roll = rng.next();
  if (roll < 0.5 && ctx.ids.length) return rng.pick(ctx.ids);
  const raw = rng.pick([
    "Measure:1",
    "Measure:0",
    "Measure:-1",
    "Measure:2147483648",
    "Measure:99999",
    "Project:1",
    "Project:999999",
    "Signatory:1",
    "AuditEvent:1",
    "Nope:1",
    "Measure:1:2",
    "measure:1",
    ":",
    "",
  ]);
  if (roll < 0.85) return Buffer.from(raw, "utf8").toString("base64url");
  return randomString(rng);
}

function scalarValue(rng: Rng, name: string, ctx: FuzzContext): unknown {
  // One in six: anything at all, whatever the type says.
  if (rng.chance(1 / 6)) return randomJson(rng);
  switch (name) {
    case "Int":
      return rng.chance(0.6) ? rng.int(-2, 120) : rng.pick(NUMBERS);
    case "Float":
      return rng.pick(NUMBERS);
    case "Boolean":
      return rng.chance(0.5);
    case "ID":
      return globalId(rng, ctx);
    case "LocalDate":
      return rng.pick(["2020-12-31", "2016-10-13", "2020-02-30", "0000-01-01", "99999-01-01", "2020-1-1", "2020-12-31T00:00:00Z", "yesterday"]);
    case "DateTime":
      return rng.pick(["2026-01-31T12:00:00Z", "2026-01-31T12:00:00+14:00", "2026-13-01T00:00:00Z", "2026-01-31T12:00:00", "0001-01-01T00:00:00Z", "275760-09-13T00:00:01Z"]);
    case "Decimal":
      return rng.pick(["1500000.00", "0.01", "0", "-5", "1e5", "0.001", "99999999999999999999999999999999999999.99", "NaN", "Infinity", "0x10", " 12 ", 12.5]);
    case "JSON":
      return randomJson(rng);
    default:
      return randomString(rng);
  }
}

/** A value for an input type: mostly the right shape, often subtly wrong. */
function inputValue(rng: Rng, type: GraphQLInputType, ctx: FuzzContext, depth = 0): unknown {
  if (isNonNullType(type)) return rng.chance(0.05) ? null : inputValue(rng, type.ofType, ctx, depth);
  if (rng.chance(0.04)) return null;
  if (isListType(type)) {
    if (rng.chance(0.08)) return inputValue(rng, type.ofType, ctx, depth + 1); // one value for a list
    const length = rng.chance(0.05) ? rng.int(100, 2000) : rng.int(0, 4);
    return Array.from({ length }, () => inputValue(rng, type.ofType, ctx, depth + 1));
  }
  if (isEnumType(type)) {
    if (rng.chance(0.85)) return rng.pick(type.getValues()).name;
    return rng.pick(["agreed", "UNKNOWN", "", "1", randomString(rng)]);
  }
  if (isInputObjectType(type)) {
    if (depth > 4) return {};
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      const required = isNonNullType(field.type);
      if (required ? rng.chance(0.95) : rng.chance(0.5)) value[field.name] = inputValue(rng, field.type, ctx, depth + 1);
    }
    if (rng.chance(0.05)) value[rng.pick(["extra", "__proto__", "constructor", "id"])] = randomJson(rng);
    return value;
  }
  if (isScalarType(type)) return scalarValue(rng, type.name, ctx);
  return randomJson(rng);
}

/** A JS value as a GraphQL literal (enums bare when they look like names). */
function literal(value: unknown, enumLike: boolean): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return enumLike && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "1e999";
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map((item) => literal(item, enumLike)).join(", ")}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([key, item]) => `${/^[_A-Za-z][_0-9A-Za-z]*$/.test(key) ? key : "bad_key"}: ${literal(item, true)}`)
    .join(", ")}}`;
}

// --- documents ------------------------------------------------------------------------

interface Variables {
  definitions: string[];
  values: Record<string, unknown>;
}

function argumentsFor(rng: Rng, args: readonly GraphQLArgument[], ctx: FuzzContext, vars: Variables): string {
  const parts: string[] = [];
  for (const arg of args) {
    const required = isNonNullType(arg.type);
    if (!(required ? rng.chance(0.93) : rng.chance(0.45))) continue;
    const value = inputValue(rng, arg.type, ctx);
    if (rng.chance(0.4)) {
      const name = `v${vars.definitions.length}`;
      // Usually the argument's own type; sometimes another one, or one that does not exist.
      const declared = rng.chance(0.9) ? String(arg.type) : rng.pick(["String", "Int!", "[ID!]!", "Nope", "MeasureFilter", "Boolean"]);
      vars.definitions.push(`$${name}: ${declared}`);
      if (!rng.chance(0.05)) vars.values[name] = value;
      parts.push(`${arg.name}: $${name}`);
    } else {
      parts.push(`${arg.name}: ${literal(value, isEnumType(getNamedType(arg.type)))}`);
    }
  }
  if (rng.chance(0.03)) parts.push(`${rng.pick(["bogus", "first", "id"])}: ${rng.pick(["1", '"x"', "null", "[1]"])}`);
  return parts.length ? `(${parts.join(", ")})` : "";
}

function selectionSet(rng: Rng, type: GraphQLNamedType, depth: number, ctx: FuzzContext, vars: Variables, budget: { fields: number }): string {
  if (isUnionType(type)) {
    return `{ __typename ${type
      .getTypes()
      .slice(0, 2)
      .map((member) => `... on ${member.name} ${selectionSet(rng, member, depth - 1, ctx, vars, budget)}`)
      .join(" ")} }`;
  }
  if (!isObjectType(type) && !isInterfaceType(type)) return "";
  const fields = Object.values(type.getFields()) as GraphQLField<unknown, unknown>[];
  const chosen: string[] = [];
  const count = rng.int(1, 4);
  for (let i = 0; i < count && budget.fields > 0; i++) {
    budget.fields -= 1;
    if (rng.chance(0.02)) {
      chosen.push(rng.pick(["nope", "password", "__schema { types { name } }", "__type(name: \"Measure\") { fields { name } }"]));
      continue;
    }
    const field = rng.pick(fields);
    const named = getNamedType(field.type as GraphQLOutputType);
    const alias = rng.chance(0.08) ? `a${rng.int(0, 999)}: ` : "";
    const args = argumentsFor(rng, field.args, ctx, vars);
    if (isLeafType(named)) {
      chosen.push(`${alias}${field.name}${args}`);
    } else if (depth > 0) {
      chosen.push(`${alias}${field.name}${args} ${selectionSet(rng, named, depth - 1, ctx, vars, budget)}`);
    } else {
      chosen.push(`${alias}${field.name}${args} { __typename }`);
    }
  }
  if (isInterfaceType(type) && rng.chance(0.5)) {
    const implementation = rng.pick(ctx.schema.getPossibleTypes(type));
    chosen.push(`... on ${implementation.name} ${selectionSet(rng, implementation, depth - 1, ctx, vars, budget)}`);
  }
  if (rng.chance(0.05)) chosen.push(`__typename @${rng.pick(["include(if: false)", "skip(if: true)", "nope", "include(if: \"yes\")"])}`);
  return `{ ${chosen.join(" ")} }`;
}

/** A query or mutation against the schema, with literal and variable arguments. */
export function operation(rng: Rng, ctx: FuzzContext, kind: "query" | "mutation"): { query: string; variables: Record<string, unknown> } {
  const root = kind === "query" ? ctx.schema.getQueryType()! : ctx.schema.getMutationType()!;
  const vars: Variables = { definitions: [], values: {} };
  const depth = rng.chance(0.1) ? rng.int(10, 16) : rng.int(1, 5);
  const budget = { fields: rng.chance(0.05) ? 400 : 40 };
  let body: string;
  if (kind === "mutation") {
    // One mutation field with a whole input object, as clients send them.
    const field = rng.pick(Object.values(root.getFields()));
    const args = argumentsFor(rng, field.args, ctx, vars);
    body = `{ ${field.name}${args} ${selectionSet(rng, getNamedType(field.type), rng.int(1, 3), ctx, vars, { fields: 20 })} }`;
  } else {
    body = selectionSet(rng, root, depth, ctx, vars, budget);
  }
  const name = rng.chance(0.5) ? ` Op${rng.int(0, 9)}` : "";
  const header = vars.definitions.length ? `(${vars.definitions.join(", ")})` : "";
  return { query: `${kind}${name}${header} ${body}`, variables: vars.values };
}

// --- requests ---------------------------------------------------------------------------

const TOKEN_SOUP = ["{", "}", "(", ")", "[", "]", ":", "$", "@", "!", "=", "|", "&", "...", ",", "query", "mutation", "subscription", "fragment", "on", "measures", "node", "id", "first", "true", "null", '"x"', '"""block"""', "123", "-1.5e3", "#", "\n", "\u00a0", "é", "0x1"];

function tokenSoup(rng: Rng): string {
  return Array.from({ length: rng.int(1, rng.chance(0.1) ? 6000 : 60) }, () => rng.pick(TOKEN_SOUP)).join(rng.chance(0.8) ? " " : "");
}

function deepDocument(rng: Rng): string {
  const levels = rng.pick([13, 20, 50, 200, 1000, 3000]);
  switch (rng.int(0, 3)) {
    case 0:
      return `{ ${"node(id: \"x\") { ... on Measure { ".repeat(Math.min(levels, 300))}id${" } }".repeat(Math.min(levels, 300))} }`;
    case 1:
      return `{ measures ${"{ nodes { policyArea { measures ".repeat(levels)}{ id }${" } } }".repeat(levels)} }`;
    case 2:
      return `query($f: MeasureFilter) { measures(filter: ${"[".repeat(levels)}1${"]".repeat(levels)}) { totalCount } }`;
    default:
      return `{ ${"a: measures { nodes { id } } ".repeat(rng.pick([31, 100, 500]))} }`;
  }
}

function deepJson(levels: number): string {
  return `${"[".repeat(levels)}1${"]".repeat(levels)}`;
}

/** Percent-encodes the UTF-8 bytes of any string (lone surrogates included, as U+FFFD). */
function percent(text: string): string {
  return [...Buffer.from(text, "utf8")].map((byte) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).padStart(2, "0").toUpperCase()}`)).join("");
}

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "application/json; charset=latin1",
  "text/plain",
  "text/plain; charset=utf-8",
  "application/graphql",
  "application/graphql-response+json",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=xyz",
  "application/xml",
  "",
  "application/json, text/plain",
  "APPLICATION/JSON",
];

export function generate(seed: number, index: number, ctx: FuzzContext): FuzzRequest {
  const rng = rngFor(seed, index);
  const headers: Record<string, string> = { "content-type": "application/json" };
  const roll = rng.next();
  if (rng.chance(0.6)) {
    const token = rng.pick(ctx.tokens);
    if (token) headers.authorization = rng.chance(0.95) ? `Bearer ${token}` : rng.pick([token, `Basic ${token}`, "Bearer", "Bearer  a b", `bearer ${token}`]);
  }
  // Non-ASCII header values go out as their UTF-8 bytes, as a hostile client would send them.
  const raw = (text: string) => Buffer.from(text, "utf8").toString("latin1");
  if (rng.chance(0.05)) headers["idempotency-key"] = rng.pick(["k1", "x".repeat(300), raw("ключ"), "a b", ""]);
  if (rng.chance(0.05)) headers["x-request-id"] = rng.pick(["r".repeat(5000), "<id>", raw("é"), "\u00ff"]);
  const post = (category: string, body: unknown): FuzzRequest => ({ category, method: "POST", path: "/graphql", headers, body: JSON.stringify(body) });

  if (roll < 0.3) {
    const { query, variables } = operation(rng, ctx, "query");
    return post("query", rng.chance(0.9) ? { query, variables } : { query, variables, operationName: rng.pick(["Op1", "Nope", ""]) });
  }
  if (roll < 0.5) return post("mutation", operation(rng, ctx, "mutation"));
  if (roll < 0.57) {
    const { query, variables } = operation(rng, ctx, rng.chance(0.7) ? "query" : "mutation");
    return post("truncated", { query: query.slice(0, rng.int(0, query.length - 1)), variables });
  }
  if (roll < 0.64) return post("token-soup", { query: tokenSoup(rng) });
  if (roll < 0.69) return post("deep", { query: deepDocument(rng) });
  if (roll < 0.74) {
    // Variables: wrong types, huge numbers, deep nesting, nulls for non-nulls.
    const query = rng.pick([
      "query($n: Int) { measures(first: $n) { totalCount } }",
      "query($id: ID!) { node(id: $id) { id } }",
      "query($f: MeasureFilter) { measures(filter: $f) { totalCount } }",
      "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
      "mutation($input: SetMeasureStatusInput!) { setMeasureStatus(input: $input) { measure { id } } }",
      "mutation($input: RecordProjectTransactionInput!) { recordProjectTransaction(input: $input) { clientMutationId } }",
    ]);
    const value = rng.pick([null, 1e308, -1e308, 2 ** 53 + 2, "1", [], {}, "x".repeat(100_000), randomJson(rng)]);
    const name = /\$(\w+)/.exec(query)![1]!;
    const body = rng.chance(0.15)
      ? `{"query":${JSON.stringify(query)},"variables":{"${name}":${deepJson(rng.pick([100, 5000, 50_000]))}}}`
      : JSON.stringify({ query, variables: rng.chance(0.9) ? { [name]: value } : rng.pick([[], "x", 1, null]) });
    return { category: "variables", method: "POST", path: "/graphql", headers, body };
  }
  if (roll < 0.84) {
    // Bodies that are JSON, but not a GraphQL request; and some that are not JSON.
    const body = rng.pick<unknown>([
      null,
      [],
      [{ query: "{ __typename }" }, { query: "{ __typename }" }],
      "query",
      42,
      {},
      { query: 42 },
      { query: ["{ __typename }"] },
      { query: { kind: "Document" } },
      { query: "{ __typename }", variables: "{}" },
      { query: "{ __typename }", variables: [1] },
      { query: "{ __typename }", extensions: { persistedQuery: { version: 1, sha256Hash: "abc" } } },
      { query: "{ __typename }", extensions: "x" },
      { query: "{ __typename }", operationName: 7 },
      { query: null },
      { query: "" },
      { variables: {} },
      randomJson(rng),
    ]);
    const raw = rng.chance(0.2) ? rng.pick(["{", "{\"query\":", "\u0000", "[1,]", "{'query':'x'}", "\ufeff{}", "nul", Buffer.from([0xff, 0xfe, 0x00]).toString("latin1")]) : JSON.stringify(body);
    return { category: "body", method: "POST", path: "/graphql", headers, body: raw };
  }
  if (roll < 0.93) {
    // Wrong content types, methods and encodings.
    const type = rng.pick(CONTENT_TYPES);
    const method = rng.pick(["POST", "POST", "GET", "PUT", "PATCH", "DELETE", "OPTIONS"]);
    const doc = JSON.stringify({ query: "{ partnership(code: \"EU-BY\") { title } }" });
    const h: Record<string, string> = { ...headers };
    if (type) h["content-type"] = type;
    else delete h["content-type"];
    if (rng.chance(0.15)) h["content-encoding"] = rng.pick(["gzip", "deflate", "br", "identity", "x-nope"]);
    if (rng.chance(0.2)) h["apollo-require-preflight"] = "true";
    const query = percent(rng.pick(["{ __typename }", "{ partnership(code: \"EU-BY\") { title } }", "mutation { __typename }", tokenSoup(rng)]));
    const path = method === "GET" ? rng.pick([`/graphql?query=${query}`, `/graphql?query=${query}&variables=%7B`, "/graphql", `/graphql?extensions=x&query=${query}`]) : "/graphql";
    const body = method === "GET" ? undefined : rng.chance(0.03) ? Buffer.alloc(rng.pick([1_048_577, 2_000_000]), 0x20) : rng.pick([doc, "query=%7B__typename%7D", "{ __typename }", "--xyz\r\n\r\n--xyz--"]);
    return { category: "content-type", method, path, headers: h, body };
  }
  // Other routes: health, readiness, CSV exports with hostile parameters, unknown paths.
  const param = () =>
    `${rng.pick(["statuses", "status", "search", "policyAreaCode", "responsibleSignatoryCode", "from", "to", "groupBy", "reportingCurrency", "actor", "operation", "entityId", "x", "__proto__", "statuses[]", "a[b][c]"])}=${percent(String(scalarValue(rng, rng.pick(["String", "DateTime", "LocalDate", "ID", "Int"]), ctx)).slice(0, 2000))}${rng.chance(0.05) ? "%E0%A4%A" : ""}`;
  const path = rng.pick([
    "/healthz",
    "/readyz",
    "/exports/measures.csv",
    "/exports/funding-summary.csv",
    "/exports/audit-log.csv",
    "/exports/nope.csv",
    "/%",
    "/graphql/../../etc/passwd",
    "/graphql%00",
  ]);
  const query = Array.from({ length: rng.int(0, 4) }, param).join("&");
  return { category: "routes", method: rng.pick(["GET", "GET", "GET", "POST", "HEAD"]), path: query ? `${path}?${query}` : path, headers };
}

/** Short enough to print in a failure, long enough to replay by eye. */
export function describeRequest(request: FuzzRequest): string {
  const body = request.body === undefined ? "" : Buffer.isBuffer(request.body) ? `<${request.body.length} bytes>` : request.body;
  const headers = { ...request.headers, ...(request.headers.authorization ? { authorization: `${request.headers.authorization.slice(0, 24)}…` } : {}) };
  return `${request.method} ${request.path.slice(0, 300)} ${JSON.stringify(headers)} ${body.length > 1500 ? `${body.slice(0, 1500)}… (${body.length} chars)` : body}`;
}
