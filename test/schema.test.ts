import { readFileSync } from "node:fs";
import path from "node:path";
import { renderSchema } from "../src/graphql/emit-schema";

describe("schema/schema.graphql", () => {
  it("is the SDL the code emits (run `npm run schema:emit` after changing types)", async () => {
    const committed = readFileSync(path.join(__dirname, "..", "schema", "schema.graphql"), "utf8");
    expect(await renderSchema()).toBe(committed);
  });
});
