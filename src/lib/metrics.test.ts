import { metricsText, observeGarbageCollection } from "./metrics";

/** The histogram lines of one kind of pause: bucket counts by bound, count and sum. */
function pausesOf(text: string, kind: string) {
  const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? Number.NaN);
  const buckets = [...text.matchAll(new RegExp(`^mobility_plan_gc_pause_seconds_bucket\\{kind="${kind}",le="([^"]+)"\\} (\\d+)$`, "gm"))].map((m) => Number(m[2]));
  return {
    buckets,
    count: value(new RegExp(`^mobility_plan_gc_pause_seconds_count\\{kind="${kind}"\\} (\\d+)$`, "m")),
    sum: value(new RegExp(`^mobility_plan_gc_pause_seconds_sum\\{kind="${kind}"\\} ([\\d.e-]+)$`, "m")),
  };
}

it("counts the garbage collector's pauses as a Prometheus histogram", async () => {
  observeGarbageCollection();
  // Enough short-lived garbage for several collections of the young generation.
  let kept = 0;
  for (let round = 0; round < 200; round++) kept += Array.from({ length: 20_000 }, (_, i) => ({ i })).length;
  expect(kept).toBe(4_000_000);
  await new Promise((resolve) => setTimeout(resolve, 50)); // observers are told after the pause
  const text = metricsText();
  expect(text).toContain("# TYPE mobility_plan_gc_pause_seconds histogram");
  const minor = pausesOf(text, "minor");
  expect(minor.count).toBeGreaterThan(0);
  expect(minor.sum).toBeGreaterThan(0);
  // Cumulative buckets: each at least the one before, and the last (+Inf) is the count.
  expect(minor.buckets).toHaveLength(10);
  minor.buckets.forEach((count, index) => expect(count).toBeGreaterThanOrEqual(minor.buckets[index - 1] ?? 0));
  expect(minor.buckets.at(-1)).toBe(minor.count);
});
