import { findUnstorableText, isBlank, isStorableText, withIndefiniteArticle } from "./text";

describe("isBlank", () => {
  it.each(["", "   ", "\n\t", "\u200b\u200b", "\u2060\ufeff", " \u00ad ", "\u00a0\u3000", "\u200e\u200f", "\u3164", "\ufe0f", "\u0007"])(
    "finds %j blank",
    (text) => expect(isBlank(text)).toBe(true),
  );

  it.each(["a", " x ", "\u200bx", "Мінск", "👩‍👩‍👧", "٠", "ﷺ"])("finds %j not blank", (text) => expect(isBlank(text)).toBe(false));
});

describe("isStorableText", () => {
  it.each(["x\ud800y", "\udc00", "\udfff\ud800", "a\u0000b"])("refuses %j", (text) => expect(isStorableText(text)).toBe(false));
  it.each(["", "plain", "😀", "\ud83d\ude00", "Zürich\u200b"])("keeps %j", (text) => expect(isStorableText(text)).toBe(true));
});

describe("findUnstorableText", () => {
  it("names the first malformed string, anywhere in an input", () => {
    expect(findUnstorableText("ok")).toBeUndefined();
    expect(findUnstorableText("\ud800")).toBe("");
    expect(findUnstorableText({ title: "ok", filter: { codes: ["A", "B\u0000"] } })).toBe("filter.codes.1");
    expect(findUnstorableText({ when: new Date(0), n: 1, none: null })).toBeUndefined();
  });
});

describe("withIndefiniteArticle", () => {
  it("reads as a sentence", () => {
    expect(["IN_PROGRESS", "AGREED", "ON_HOLD", "PROPOSED", "Organisation", "Measure"].map(withIndefiniteArticle)).toEqual([
      "an IN_PROGRESS",
      "an AGREED",
      "an ON_HOLD",
      "a PROPOSED",
      "an Organisation",
      "a Measure",
    ]);
  });
});
