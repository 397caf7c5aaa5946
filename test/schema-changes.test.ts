import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSchema, findBreakingChanges, findDangerousChanges } from "graphql";

/**
 * Breaking changes never land unannounced: schema/schema.graphql is compared with the SDL of
 * the last release tag, or else of the previous commit, with graphql-js's findBreakingChanges.
 * Each breaking change must be added to schema/CHANGELOG.md, under a "Breaking" heading, in the
 * words graphql-js gives it (this test prints them). Dangerous changes are printed for the log.
 */

const root = path.join(__dirname, "..");
const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
const tryGit = (...args: string[]) => {
  try {
    return git(...args);
  } catch {
    return undefined;
  }
};

/** The last release tag before HEAD, or else HEAD's parent; undefined in a clone without history. */
const base = tryGit("describe", "--tags", "--abbrev=0", "HEAD")?.trim() ?? tryGit("rev-parse", "--verify", "--quiet", "HEAD~1")?.trim();
const fileAt = (revision: string, file: string) => tryGit("show", `${revision}:${file}`) ?? "";

const current = readFileSync(path.join(root, "schema", "schema.graphql"), "utf8");
const changelog = readFileSync(path.join(root, "schema", "CHANGELOG.md"), "utf8");

/** The text under "Breaking" headings (of any level) that is new since `base`. */
function breakingNotesSince(revision: string): string {
  const before = new Set(fileAt(revision, "schema/CHANGELOG.md").split("\n"));
  const notes: string[] = [];
  let breakingLevel = 0;
  for (const line of changelog.split("\n")) {
    const heading = /^(#+)\s+(.*)$/.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      if (/breaking/i.test(heading[2]!)) breakingLevel = level;
      else if (breakingLevel && level <= breakingLevel) breakingLevel = 0;
      continue;
    }
    if (breakingLevel && !before.has(line)) notes.push(line);
  }
  return notes.join("\n");
}

(base ? it : it.skip)("announces every breaking change since the last release in schema/CHANGELOG.md", () => {
  const previous = fileAt(base!, "schema/schema.graphql");
  if (!previous) return; // the SDL is new since then: nothing it could break
  const [before, after] = [buildSchema(previous), buildSchema(current)];
  for (const change of findDangerousChanges(before, after)) console.log(`dangerous schema change since ${base}: ${change.description}`);
  const notes = breakingNotesSince(base!);
  const unannounced = findBreakingChanges(before, after)
    .map((change) => change.description)
    .filter((description) => !notes.includes(description));
  expect(unannounced).toEqual([]);
});

it("the changelog starts with a dated entry", () => {
  expect(changelog).toMatch(/^# .*\n[\s\S]*?\n## \d{4}-\d{2}-\d{2}/);
});
