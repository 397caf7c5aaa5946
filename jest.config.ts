import type { Config } from "jest";

// swc compiles the TypeScript (with decorator metadata, which type-graphql needs) ~3x
// faster than ts-jest; `npm run typecheck` does the type checking.
const swc: [string, Record<string, unknown>] = [
  "@swc/jest",
  {
    jsc: {
      parser: { syntax: "typescript", decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: "es2022",
    },
    module: { type: "commonjs", ignoreDynamic: false },
  },
];

const config: Config = {
  testEnvironment: "node",
  roots: ["<rootDir>/test", "<rootDir>/src"],
  testMatch: ["**/*.test.ts"],
  // PGlite's CommonJS build loads node:fs with a dynamic import(), which jest's VM refuses;
  // compiling its dist files turns that import() into require(). graphql-codegen's plugins
  // require auto-bind, which is ESM only (Node loads it; jest's VM does not): compiled too.
  transform: {
    "^.+\\.ts$": swc,
    "node_modules/@electric-sql/pglite/dist/.+\\.c?js$": swc,
    "node_modules/auto-bind/.+\\.js$": swc,
  },
  transformIgnorePatterns: ["/node_modules/(?!@electric-sql/pglite/|auto-bind/)"],
  globalSetup: "<rootDir>/test/helpers/global-setup.ts",
  globalTeardown: "<rootDir>/test/helpers/global-teardown.ts",
  testTimeout: 60_000,
  maxWorkers: 2,
};

export default config;
