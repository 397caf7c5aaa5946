import {
  getNamedType,
  getNullableType,
  isLeafType,
  isListType,
  isObjectType,
  parse,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { checkOperationLimits, DEFAULT_LIMITS } from "./limits";
import { getSchema } from "./schema";

// The cost of a document is worked out once per page size; these check that reusing it
// refuses and prices exactly what working it out afresh would.

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await getSchema();
});

const QUERY = `query($n: Int, $code: String) { measures(first: $n, filter: { partnershipCode: $code }) { nodes { code projects { code } } } }`;

function check(document: ReturnType<typeof parse>, variables: Record<string, unknown>): number {
  const operation = document.definitions[0] as OperationDefinitionNode;
  return checkOperationLimits(schema, document, operation, variables, DEFAULT_LIMITS);
}

function outcome(run: () => number): unknown {
  try {
    return run();
  } catch (error) {
    return { message: (error as Error).message, code: (error as { extensions?: { code?: string } }).extensions?.code };
  }
}

describe("operation limits on a document seen before", () => {
  it("price each page size, whatever the other variables", () => {
    const document = parse(QUERY);
    const fresh = (variables: Record<string, unknown>) => check(parse(QUERY), variables);
    for (const variables of [{ n: 2, code: "EU-BY" }, { n: 2, code: "XX" }, { n: 100, code: "EU-BY" }, { code: "EU-BY" }, { n: null }]) {
      expect(check(document, variables)).toBe(fresh(variables));
    }
  });

  it("refuse a page over 100 and a variable of the wrong type as on first sight", () => {
    const document = parse(QUERY);
    check(document, { n: 2, code: "EU-BY" });
    for (const variables of [{ n: 101 }, { n: 2, code: 5 }, { n: "2" }]) {
      const again = outcome(() => check(document, variables));
      expect(again).toEqual(outcome(() => check(parse(QUERY), variables)));
      expect(again).toMatchObject({ code: "BAD_USER_INPUT" });
    }
  });

  it("refuse a list variable nested too deep to serialise, first time and again, as bad input", () => {
    const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`;
    let nested: unknown = ["QWN0aW9uUGxhblZlcnNpb246MQ"];
    for (let level = 0; level < 20_000; level++) nested = [nested];
    const document = parse(NODES);
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(outcome(() => check(document, { ids: nested }))).toMatchObject({ code: "BAD_USER_INPUT" });
    }
    expect(check(document, { ids: ["QWN0aW9uUGxhblZlcnNpb246MQ"] })).toBe(check(parse(NODES), { ids: ["QWN0aW9uUGxhblZlcnNpb246MQ"] }));
  });
});

describe("what an operation is priced and counted by", () => {
  it("every list of objects states its price next to itself (src/graphql/cost.ts)", () => {
    const unpriced: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith("__") || type.name.endsWith("Connection")) continue;
      for (const field of Object.values(type.getFields())) {
        const listed = getNullableType(field.type);
        if (isListType(listed) && !isLeafType(getNamedType(listed)) && field.extensions.complexity === undefined) {
          unpriced.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(unpriced).toEqual([]);
  });

  it("prices a measure's status history by the page it can return, not as 5 items", () => {
    const history = (args: string) => check(parse(`{ node(id: "x") { ... on Measure { statusHistory${args} { toStatus } } } }`), {});
    // node 1 + the history 1 + a change per row it can return (it was 1 + 1 + 5, for 302 rows returned).
    expect(history("")).toBe(1 + 1 + 100);
    expect(history("(last: 5)")).toBe(1 + 1 + 5);
  });

  it("prices a funding summary by its statement, its dimensions and the rows it can return", () => {
    const summary = (groupBy: string) => check(parse(`{ fundingSummary(groupBy: ${groupBy}) { rows { currency } totals { currency } } }`), {});
    expect(summary("[]")).toBe(10_000 + 2 * (1 + 1000));
    expect(summary("[INSTRUMENT, YEAR]")).toBe(30_000 + 2 * (1 + 1000));
    const aliased = Array.from({ length: 30 }, (_, i) => `s${i}: fundingSummary(groupBy: [INSTRUMENT]) { totals { currency } }`).join(" ");
    expect(outcome(() => check(parse(`{ ${aliased} }`), {}))).toMatchObject({ code: "COST_LIMIT_EXCEEDED" });
  });

  it("counts the aliases and fields of a fragment each time it is spread", () => {
    const fragment = `fragment Codes on Partnership { a: code b: code c: code }`;
    const spreads = (n: number) => Array.from({ length: n }, (_, i) => `p${i}: partnership(code: "EU-BY") { ...Codes }`).join(" ");
    // 7 spreads: 7 + 7 x 3 = 28 aliases, allowed; 8 spreads: 32, refused (the fragment's 3 counted once, 11, before).
    expect(outcome(() => check(parse(`{ ${spreads(7)} } ${fragment}`), {}))).toEqual(expect.any(Number));
    expect(outcome(() => check(parse(`{ ${spreads(8)} } ${fragment}`), {}))).toMatchObject({
      code: "ALIAS_LIMIT_EXCEEDED",
      message: "The query uses 32 aliases; at most 30 are allowed",
    });
  });

  it("counts fields through fragments that spread each other, without walking every copy", () => {
    // Each level spreads the next twice: 2^20 copies of the innermost field.
    const levels = Array.from({ length: 20 }, (_, i) => `fragment F${i} on Partnership { ...F${i + 1} ...F${i + 1} }`).join(" ");
    const document = parse(`{ partnership(code: "EU-BY") { ...F0 } } ${levels} fragment F20 on Partnership { code }`);
    expect(outcome(() => check(document, {}))).toMatchObject({
      code: "FIELD_LIMIT_EXCEEDED",
      message: `The query selects ${1 + 2 ** 20} fields; at most 1000 are allowed`,
    });
  });
});
