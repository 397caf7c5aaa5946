// Runs as a child process: see createPgliteDirectory.
import { openPglite } from "./client";
import { prepareDatabase } from "./prepare";

const [dataDir, seed] = process.argv.slice(2) as [string, string];

void (async () => {
  const handle = openPglite(dataDir);
  try {
    await prepareDatabase(handle, { seed: seed === "true" });
  } finally {
    await handle.close();
  }
})();
