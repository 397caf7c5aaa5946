import { parse, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
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
