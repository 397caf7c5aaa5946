import { columnsFor } from "./selection";

describe("columnsFor", () => {
  const all = { id: "c-id", code: "c-code", title: "c-title", note: "c-note", instrumentId: "c-instrument" };

  it("selects what is asked, with what is needed besides", () => {
    expect(columnsFor(all, ["note", "instrumentId"], ["id", "title"])).toEqual({
      id: "c-id",
      title: "c-title",
      note: "c-note",
      instrumentId: "c-instrument",
    });
    expect(columnsFor(all, [], ["id", "code"])).toEqual({ id: "c-id", code: "c-code" });
  });

  it("selects every column when something asked is not one", () => {
    expect(columnsFor(all, ["note", "computedSomewhere"], ["id", "code"])).toBe(all);
    expect(columnsFor(all, ["toString"], ["id", "code"])).toBe(all);
  });
});
