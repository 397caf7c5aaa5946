import { codegen } from "@graphql-codegen/core";
import * as typescriptPlugin from "@graphql-codegen/typescript";
import * as typescriptOperationsPlugin from "@graphql-codegen/typescript-operations";
import { buildSchema, parse } from "graphql";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ts from "typescript";

/**
 * A frontend team generates TypeScript types from the committed SDL and its operations with
 * graphql-codegen's `typescript` and `typescript-operations` plugins (through @graphql-codegen/core,
 * the engine of its CLI; the CLI itself pulls in packages that require Node 22.15). Here: over
 * schema/schema.graphql and the README's example operations, with the custom scalars mapped as a
 * client receives them (strings), and the result type-checks under `strict`.
 */

const root = path.join(__dirname, "..");
const sdl = readFileSync(path.join(root, "schema", "schema.graphql"), "utf8");
const readme = readFileSync(path.join(root, "README.md"), "utf8");
const operations = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);

/** How the JSON of a response carries each custom scalar. */
const SCALARS = { Decimal: "string", LocalDate: "string", DateTime: "string", JSON: "unknown" };

let directory: string;
afterAll(() => directory && rmSync(directory, { recursive: true, force: true }));

it("generates types for the README's operations that type-check, scalars as strings", async () => {
  expect(operations.length).toBeGreaterThanOrEqual(5);
  const schema = buildSchema(sdl);
  // Two files, as codegen writes them: the schema's types, and the operations' (which since
  // typescript-operations 6 declares the enums and inputs it uses itself).
  const generate = (plugin: "typescript" | "typescriptOperations") =>
    codegen({
      filename: `${plugin}.ts`,
      schema: parse(sdl),
      schemaAst: schema,
      documents: operations.map((operation, index) => ({ location: `README example ${index + 1}`, document: parse(operation) })),
      config: { scalars: SCALARS, strictScalars: true },
      plugins: [{ [plugin]: {} }],
      pluginMap: { typescript: typescriptPlugin, typescriptOperations: typescriptOperationsPlugin },
    });
  const types = await generate("typescript");
  const operationTypes = await generate("typescriptOperations");
  // One result type per operation, named as in the README.
  expect(operationTypes.match(/export type \w+Query = /g)?.length).toBe(operations.length);

  directory = mkdtempSync(path.join(tmpdir(), "mobility-plan-codegen-"));
  writeFileSync(path.join(directory, "types.ts"), types);
  writeFileSync(path.join(directory, "operations.ts"), operationTypes);
  // Uses of the generated types, as a frontend would write them: a wrong scalar mapping fails here.
  writeFileSync(
    path.join(directory, "use.ts"),
    [
      `import type { Scalars, MeasureStatus } from "./types";`,
      `import type { FundingByAreaAndStatusQuery, MeasuresAsOfEnd2020Query } from "./operations";`,
      `const amount: Scalars["Decimal"]["output"] = "7000000.00";`,
      `const day: Scalars["LocalDate"]["output"] = "2016-10-13";`,
      `const at: Scalars["DateTime"]["output"] = "2020-08-13T00:00:00.000Z";`,
      `const status: MeasureStatus = "IN_PROGRESS" as MeasureStatus;`,
      `type Row = FundingByAreaAndStatusQuery["fundingSummary"]["rows"][number];`,
      `const budget: string = ({ budget: "1.00" } as Row).budget;`,
      `type Measure = MeasuresAsOfEnd2020Query["measures"]["nodes"][number];`,
      `const code: string = ({ code: "SOC-1" } as Measure).code;`,
      `export const used = [amount, day, at, status, budget, code];`,
    ].join("\n"),
  );
  const program = ts.createProgram(["use.ts", "types.ts", "operations.ts"].map((file) => path.join(directory, file)), {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    skipLibCheck: true,
  });
  const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  expect(problems).toEqual([]);
});
