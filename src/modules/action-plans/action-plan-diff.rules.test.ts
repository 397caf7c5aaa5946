import { diffPlans, fieldChanges, type PlanEntry } from "./action-plan-diff.rules";

const entry = (measureId: number, overrides: Partial<PlanEntry> = {}): PlanEntry => ({
  measureId,
  code: `M-${measureId}`,
  title: `Measure ${measureId}`,
  description: "",
  policyAreaCode: "ASYLUM",
  deadline: null,
  leadCodes: ["BY"],
  contributorCodes: [],
  withdrawalReason: null,
  ...overrides,
});

describe("diffPlans", () => {
  it("finds nothing between a version and itself", () => {
    const plan = [entry(1), entry(2, { leadCodes: ["EU", "BY"] })];
    expect(diffPlans(plan, plan)).toEqual({ added: [], withdrawn: [], changed: [] });
  });

  it("a measure only in the later version is added; one only in the earlier is withdrawn", () => {
    const diff = diffPlans([entry(1), entry(2)], [entry(2), entry(3)]);
    expect(diff.added.map((e) => e.code)).toEqual(["M-3"]);
    expect(diff.withdrawn.map((e) => e.code)).toEqual(["M-1"]);
    expect(diff.changed).toEqual([]);
  });

  it("a withdrawal recorded in the later version is a withdrawal, with its reason", () => {
    const diff = diffPlans([entry(1)], [entry(1, { withdrawalReason: "Done elsewhere" })]);
    expect(diff.withdrawn).toEqual([entry(1, { withdrawalReason: "Done elsewhere" })]);
    expect(diff.added).toEqual([]);
  });

  it("a measure withdrawn earlier and back in the later version is added again", () => {
    const diff = diffPlans([entry(1, { withdrawalReason: "Paused" })], [entry(1)]);
    expect(diff.added.map((e) => e.code)).toEqual(["M-1"]);
    expect(diff.withdrawn).toEqual([]);
  });

  it("a measure withdrawn in both is in neither list", () => {
    const gone = entry(1, { withdrawalReason: "Gone" });
    expect(diffPlans([gone], [gone])).toEqual({ added: [], withdrawn: [], changed: [] });
  });

  it("reports every changed field, from and to, and sorts by code", () => {
    const diff = diffPlans(
      [entry(2), entry(1, { deadline: "2027-01-31", contributorCodes: ["PL"] })],
      [
        entry(2, { title: "Renamed" }),
        entry(1, { deadline: null, policyAreaCode: "LABOUR", leadCodes: ["EU", "BY"], contributorCodes: ["LT", "PL"] }),
      ],
    );
    expect(diff.changed.map((c) => [c.to.code, c.changes])).toEqual([
      [
        "M-1",
        [
          { field: "POLICY_AREA", from: "ASYLUM", to: "LABOUR" },
          { field: "DEADLINE", from: "2027-01-31", to: null },
          { field: "LEADS", from: "BY", to: "EU, BY" },
          { field: "CONTRIBUTORS", from: "PL", to: "LT, PL" },
        ],
      ],
      ["M-2", [{ field: "TITLE", from: "Measure 2", to: "Renamed" }]],
    ]);
  });

  it("runs both ways: from a later to an earlier version, additions and withdrawals swap", () => {
    const earlier = [entry(1)];
    const later = [entry(1), entry(2)];
    expect(diffPlans(later, earlier).withdrawn.map((e) => e.code)).toEqual(["M-2"]);
    expect(diffPlans(earlier, later).added.map((e) => e.code)).toEqual(["M-2"]);
  });
});

describe("fieldChanges", () => {
  it("naming the same leads in another order is no change", () => {
    expect(fieldChanges(entry(1, { leadCodes: ["EU", "BY"] }), entry(1, { leadCodes: ["BY", "EU"] }))).toEqual([]);
  });

  it("an emptied description reads null", () => {
    expect(fieldChanges(entry(1, { description: "Old text" }), entry(1))).toEqual([
      { field: "DESCRIPTION", from: "Old text", to: null },
    ]);
  });
});
