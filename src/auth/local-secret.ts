import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Config } from "../config";

const SECRET_FILE = "auth-secret";

/**
 * The token secret in force. On embedded PGlite without AUTH_JWT_SECRET, one is generated
 * once and kept beside the data (readable by its owner only), so that `npm run token`
 * makes tokens the local server accepts. On PostgreSQL nothing is invented: configure it.
 */
export function resolveAuthConfig(config: Config): Config["auth"] {
  if (config.auth.jwtSecret || config.auth.jwksUrl || config.databaseUrl) return config.auth;
  const file = path.join(config.dataDir, SECRET_FILE);
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another process wrote it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return { ...config.auth, jwtSecret: readFileSync(file, "utf8").trim() };
}
