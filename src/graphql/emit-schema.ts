import { printSchema } from "graphql";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { getSchema } from "./schema";

/** The SDL as committed in schema/schema.graphql; a test fails when the two differ. */
export async function renderSchema(): Promise<string> {
  return `${printSchema(await getSchema())}\n`;
}

if (require.main === module) {
  void renderSchema().then((sdl) => {
    const target = path.resolve(process.argv[2] ?? "schema/schema.graphql");
    writeFileSync(target, sdl);
    console.log(`Wrote ${target}`);
  });
}
