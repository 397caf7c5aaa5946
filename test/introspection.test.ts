import { buildClientSchema, getIntrospectionQuery, GraphQLSchema, printSchema, type IntrospectionQuery } from "graphql";
import { readFileSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "./helpers/server";

// What GraphiQL, Apollo Sandbox, graphql-codegen, Postman and Insomnia send: graphql 16's own
// introspection query, with every option a tool may turn on.
const FULL_INTROSPECTION = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
});

const committedSchema = () => readFileSync(path.join(__dirname, "..", "schema", "schema.graphql"), "utf8");

/**
 * The SDL of a client schema built from an introspection answer, its types in the committed
 * file's order: graphql-js's schema constructor reorders the types it is given by walking their
 * references, so the order of definitions says nothing about what introspection returned.
 */
function clientSdl(introspection: IntrospectionQuery): string {
  const client = buildClientSchema(introspection);
  const order = [...committedSchema().matchAll(/^(?:type|interface|union|enum|input|scalar) (\w+)/gm)].map((match) => match[1]!);
  // Types the file lacks stay, after the others: they make the two differ, as they should.
  const others = Object.keys(client.getTypeMap()).filter((name) => !order.includes(name));
  const ordered = new GraphQLSchema({ ...client.toConfig(), types: [...order, ...others].flatMap((name) => client.getType(name) ?? []) });
  return `${printSchema(ordered)}\n`;
}

/** `{ __type(name: "Measure") { ofType { ofType ... { name } } } }`, `levels` deep in all. */
function ofTypeChain(levels: number): string {
  let selection = "name";
  for (let level = 2; level < levels; level++) selection = `ofType { ${selection} }`;
  return `{ __type(name: "Measure") { ${selection} } }`;
}

describe("introspection, where enabled", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it("answers graphql-js's full introspection query with the committed schema", async () => {
    const result = await server.request<IntrospectionQuery>(FULL_INTROSPECTION);
    expect(result.errors).toBeUndefined();
    expect(result.status).toBe(200);
    expect(clientSdl(result.data!)).toBe(committedSchema());
    // The custom scalar's specification travels too.
    expect(committedSchema()).toMatch(/@specifiedBy\(url: /);
  });

  it("is limited on its own terms: 20 levels under __type, not the 12 meant for data", async () => {
    expect((await server.request(ofTypeChain(20))).errors).toBeUndefined();
    const tooDeep = await server.request(ofTypeChain(21));
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.errors).toEqual([
      expect.objectContaining({
        message: "The query's introspection is 21 levels deep; at most 20 are allowed",
        extensions: { code: "DEPTH_LIMIT_EXCEEDED" },
      }),
    ]);
  });

  it("still refuses lists of types nested in lists of types, and data deeper than 12 levels beside it", async () => {
    const nested = await server.request(`{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }`);
    expect(nested.errors?.[0]).toMatchObject({ message: "Maximum introspection depth exceeded", extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });

    let data = "code";
    for (let level = 0; level < 6; level++) data = `projects { measures { ${data} } }`;
    const deepData = await server.request(`{ __schema { queryType { name } } measures(first: 1) { nodes { ${data} } } }`);
    expect(deepData.errors?.[0]?.extensions?.code).toBe("DEPTH_LIMIT_EXCEEDED");
    expect(deepData.errors?.[0]?.message).toBe("The query is 15 levels deep; at most 12 are allowed");
  });
});

describe("introspection in production", () => {
  it("is off unless ALLOW_INTROSPECTION=true, and then answers the full query", async () => {
    const closed = await startTestServer({ nodeEnv: "production" });
    try {
      const refused = await closed.request(FULL_INTROSPECTION);
      expect(refused.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    } finally {
      await closed.stop();
    }
    const open = await startTestServer({ nodeEnv: "production", env: { ALLOW_INTROSPECTION: "true" } });
    try {
      const result = await open.request<IntrospectionQuery>(FULL_INTROSPECTION);
      expect(result.errors).toBeUndefined();
      expect(clientSdl(result.data!)).toBe(committedSchema());
    } finally {
      await open.stop();
    }
  });
});
