import { getNamedType, isLeafType, type GraphQLObjectType } from "graphql";
import { getSchema } from "../src/graphql/schema";
import { measureProjects, measures } from "../src/modules/measures/measures.tables";
import { projectBudgets, projects } from "../src/modules/projects/projects.tables";
import { startTestServer, type TestServer } from "./helpers/server";

/**
 * The measures and projects pages, and the relations a page asks next (a measure's projects, a
 * project's budget lines), select only the columns their query reads (columnsFor, and the
 * `Reads` of resolver fields). Each field, asked alone, must answer what it answers when the
 * rows are loaded whole: through node(id:), or with every field of the rows asked.
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
    await expectPagesToMatchNodes(`projects(filter: { recipientCode: "BY" }, first: 20)`, "Project");
  });

  it("answer every Measure field as whole rows do", async () => {
    await expectPagesToMatchNodes(`measures(first: 20)`, "Measure");
  });
});

describe("a relation's columns", () => {
  // The seed links few measures to projects and has few budget lines: every project of the
  // first page gets linked to measures, and lines with every column filled or left empty.
  beforeAll(async () => {
    const db = server.database.db;
    const someProjects = await db.select({ id: projects.id }).from(projects).orderBy(projects.code).limit(6);
    const someMeasures = await db.select({ id: measures.id }).from(measures).orderBy(measures.code).limit(4);
    await db
      .insert(measureProjects)
      .values(someMeasures.flatMap((measure) => someProjects.map((project) => ({ measureId: measure.id, projectId: project.id }))))
      .onConflictDoNothing();
    await db.insert(projectBudgets).values(
      someProjects.flatMap(({ id: projectId }, index) => [
        { projectId, status: "COMMITTED" as const, valueDate: `202${index}-03-01`, amount: `${index}00.50`, currency: "EUR" },
        {
          projectId,
          status: "INDICATIVE" as const,
          periodStart: "2021-01-01",
          periodEnd: "2022-12-31",
          valueDate: "2021-01-01",
          amount: "170000000.00",
          currency: "USD",
          qualifier: "AT_LEAST" as const,
          asStated: "over $170 million",
          isAssumption: true,
          note: `line ${index}`,
        },
      ]),
    );
  });

  it("answer every field of a measure's projects as whole rows do", async () => {
    const projectsOfMeasures = async (field: string) =>
      // A page of projects per measure: a project's own lists (100 items each unless paged) are priced within QUERY_MAX_COST.
      (await server.query(`{ measures(first: 50) { nodes { projects(first: 10) { id ${field} } } } }`)).measures.nodes.flatMap(
        (measure: { projects: { id: string }[] }) => measure.projects,
      );
    const ids = (await projectsOfMeasures("")).map((project: { id: string }) => project.id);
    expect(ids.length).toBeGreaterThan(3);
    for (const field of fieldsOf("Project")) {
      const nodes = await server.query(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on Project { id ${field} } } }`, { ids });
      expect({ field, answers: await projectsOfMeasures(field) }).toEqual({ field, answers: nodes.nodes });
    }
  });

  it("answer every field of a project's budget lines as when all are asked", async () => {
    const budgetsOfProjects = async (fields: string) =>
      (await server.query(`{ projects(first: 50) { nodes { budgets { ${fields} } } } }`)).projects.nodes.flatMap(
        (project: { budgets: object[] }) => project.budgets,
      );
    const fields = fieldsOf("ProjectBudget").map((field) => (field.startsWith("amount ") ? "amount { amount currency }" : field));
    const whole: Record<string, unknown>[] = await budgetsOfProjects(fields.join(" "));
    // Every column comes back, as inserted.
    expect(whole).toContainEqual({
      status: "INDICATIVE",
      periodStart: "2021-01-01",
      periodEnd: "2022-12-31",
      valueDate: "2021-01-01",
      amount: { amount: "170000000.00", currency: "USD" },
      qualifier: "AT_LEAST",
      asStated: "over $170 million",
      isAssumption: true,
      note: "line 0",
    });
    for (const field of fields) {
      const name = field.split(" ")[0]!;
      const alone = await budgetsOfProjects(field);
      expect({ field, answers: alone }).toEqual({ field, answers: whole.map((budget) => ({ [name]: budget[name] })) });
    }
  });
});
