import { getNamedType, isLeafType, type GraphQLObjectType } from "graphql";
import { getSchema } from "../src/graphql/schema";
import { startTestServer, type TestServer } from "./helpers/server";

/**
 * The measures and projects pages select only the columns their query reads (pageColumns, and
 * the `Reads` of resolver fields). Each field of a node, asked alone through a page, must
 * answer what it answers through node(id:), which loads whole rows.
 */

let server: TestServer;
let fieldsOf: (typeName: string) => string[];

beforeAll(async () => {
  server = await startTestServer();
  const schema = await getSchema();
  // Each field with the least selection it allows: leaves as they are, objects by __typename.
  fieldsOf = (typeName) =>
    Object.values((schema.getType(typeName) as GraphQLObjectType).getFields()).map((field) =>
      isLeafType(getNamedType(field.type)) ? field.name : `${field.name} { __typename }`,
    );
});
afterAll(() => server?.stop());

async function expectPagesToMatchNodes(list: string, typeName: string) {
  const ids: string[] = (await server.query(`{ ${list} { nodes { id } } }`))[list.split("(")[0]!].nodes.map((node: { id: string }) => node.id);
  expect(ids.length).toBeGreaterThan(3);
  for (const field of fieldsOf(typeName)) {
    const page = await server.query(`{ ${list} { nodes { ${field} } } }`);
    const nodes = await server.query(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on ${typeName} { ${field} } } }`, { ids });
    expect({ field, answers: page[list.split("(")[0]!].nodes }).toEqual({ field, answers: nodes.nodes });
  }
}

describe("a page's columns", () => {
  it("answer every Project field as whole rows do", async () => {
    await expectPagesToMatchNodes(`projects(filter: { partnershipCode: "EU-BY" }, first: 20)`, "Project");
  });

  it("answer every Measure field as whole rows do", async () => {
    await expectPagesToMatchNodes(`measures(first: 20)`, "Measure");
  });
});
