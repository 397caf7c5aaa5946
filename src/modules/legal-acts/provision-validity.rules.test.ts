import { lastDayOf, provisionsInEffectOn, type ProvisionPeriod } from "./provision-validity.rules";

const provision = (id: number, fields: Partial<ProvisionPeriod> = {}): ProvisionPeriod => ({
  id,
  effectiveFrom: null,
  effectiveUntil: null,
  effectiveUntilPrecision: null,
  replacesId: null,
  ...fields,
});

describe("lastDayOf", () => {
  it("reads a date by its precision", () => {
    expect(lastDayOf("2020-06-01", "DAY")).toBe("2020-06-01");
    expect(lastDayOf("2020-06-01", "MONTH")).toBe("2020-06-30");
    expect(lastDayOf("2020-02-01", "MONTH")).toBe("2020-02-29");
    expect(lastDayOf("2018-10-01", "QUARTER")).toBe("2018-12-31");
    expect(lastDayOf("2017-01-01", "YEAR")).toBe("2017-12-31");
  });
});

describe("provisionsInEffectOn", () => {
  // The visa fee: EUR 60 until June 2020, then EUR 35 as of July 2020.
  const before = provision(1, { effectiveUntil: "2020-06-01", effectiveUntilPrecision: "MONTH" });
  const after = provision(2, { effectiveFrom: "2020-07-01", replacesId: 1 });
  const undated = provision(3);

  it("keeps a provision through the whole month it ends in, and starts the next on its first day", () => {
    expect(provisionsInEffectOn([before, after, undated], "2020-06-30").map((p) => p.id)).toEqual([1, 3]);
    expect(provisionsInEffectOn([before, after, undated], "2020-07-01").map((p) => p.id)).toEqual([2, 3]);
  });

  it("ends an open-ended provision once the one replacing it is in effect (a projection)", () => {
    const now = provision(4);
    const projected = provision(5, { effectiveFrom: "2025-01-01", replacesId: 4 });
    expect(provisionsInEffectOn([now, projected], "2024-12-31").map((p) => p.id)).toEqual([4]);
    expect(provisionsInEffectOn([now, projected], "2025-01-01").map((p) => p.id)).toEqual([5]);
  });
});
