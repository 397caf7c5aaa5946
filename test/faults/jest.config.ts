import type { Config } from "jest";

// The fault suite: each file runs the built server (dist/) as a child process, breaks
// something, and checks what clients saw and what the database kept. Run once per CI run,
// in band: the checks measure latencies, and two of them at once on two cores would skew
// each other. `npm run test:faults` builds first.
const config: Config = {
  rootDir: ".",
  testEnvironment: "node",
  testMatch: ["<rootDir>/*.fault.ts"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      {
        jsc: { parser: { syntax: "typescript" }, target: "es2022" },
        module: { type: "commonjs" },
      },
    ],
  },
  testTimeout: 120_000,
  maxWorkers: 1,
};

export default config;
