import { correlationIdOf } from "./correlation-id";

describe("correlationIdOf", () => {
  it.each(["7f9c2b4e-8d1a-4c3b-9e6f-0a1b2c3d4e5f", "req-42", "a", "trace:2026.12.01_x", "A".repeat(64)])("keeps %j", (value) => {
    expect(correlationIdOf({ "x-correlation-id": value })).toBe(value);
    expect(correlationIdOf({ "x-request-id": value })).toBe(value);
  });

  it.each(['=HYPERLINK("http://x","y")', "+1", "-1", "@sum", "", " id", "id with spaces", "A".repeat(65), "naïve", "a\nb", "a,b"])(
    "drops %j",
    (value) => {
      expect(correlationIdOf({ "x-correlation-id": value })).toBeUndefined();
    },
  );

  it("prefers x-correlation-id, and drops a header sent twice", () => {
    expect(correlationIdOf({ "x-correlation-id": "mine", "x-request-id": "proxy" })).toBe("mine");
    // Node joins a header sent twice with ", ".
    expect(correlationIdOf({ "x-correlation-id": "one, two" })).toBeUndefined();
    expect(correlationIdOf({})).toBeUndefined();
  });
});
