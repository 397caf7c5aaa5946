import { defineConfig } from "drizzle-kit";

// Tables live beside the feature that owns them; shared enums in db/columns.ts.
export default defineConfig({
  dialect: "postgresql",
  schema: ["./src/db/columns.ts", "./src/modules/*/*.tables.ts"],
  out: "./drizzle",
  casing: "snake_case",
});
