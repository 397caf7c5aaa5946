import { defineConfig } from "drizzle-kit";

// Tables live beside the feature that owns them; drizzle-kit collects them all.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/modules/*/*.tables.ts",
  out: "./drizzle",
  casing: "snake_case",
});
