import { fromGlobalId, fromGlobalIdOf, toGlobalId } from "./global-id";

describe("global ids", () => {
  it("round-trips a type and row id through an opaque string", () => {
    const id = toGlobalId("Measure", 42);
    expect(id).not.toContain("Measure");
    expect(fromGlobalId(id)).toEqual({ typeName: "Measure", id: 42 });
    expect(fromGlobalIdOf("Measure", id)).toBe(42);
  });

  it.each(["", "!!!", toGlobalId("Measure", 0), Buffer.from("Measure:abc").toString("base64url"), Buffer.from("Measure:99999999999").toString("base64url")])(
    "rejects %j as BAD_USER_INPUT",
    (id) => {
      expect(() => fromGlobalId(id)).toThrow(expect.objectContaining({ extensions: { code: "BAD_USER_INPUT" } }));
    },
  );

  it("names the type an id belongs to when another was expected", () => {
    expect(() => fromGlobalIdOf("Measure", toGlobalId("Project", 1))).toThrow("is the id of a Project, not of a Measure");
  });
});
