import { preparedStatementPolicy } from "./client";

describe("which statements postgres.js prepares", () => {
  it("prepares a text from its second use on", () => {
    const prepare = preparedStatementPolicy(10);
    expect([prepare("select 1"), prepare("select 1"), prepare("select 1")]).toEqual([false, true, true]);
  });

  it("never prepares more than the maximum, and keeps those it prepared", () => {
    const prepare = preparedStatementPolicy(2);
    for (const text of ["a", "b", "c"]) {
      prepare(text);
      prepare(text);
    }
    expect(["a", "b", "c"].map(prepare)).toEqual([true, true, false]);
  });
});
