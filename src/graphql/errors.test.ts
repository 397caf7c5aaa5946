import { GraphQLError } from "graphql";
import { formatError } from "./errors";

describe("formatError on database errors", () => {
  // As a resolver's error reaches formatError: at a path, drizzle's error with the driver's as its cause.
  const fromDatabase = (code: string) =>
    new GraphQLError("Failed query", {
      path: ["measures"],
      originalError: Object.assign(new Error("Failed query: select ..."), { cause: Object.assign(new Error("driver"), { code }) }),
    });

  it("answers a statement the driver believed prepared on a replaced backend as SERVICE_UNAVAILABLE, to retry", () => {
    const formatted = formatError({ message: "Failed query" }, fromDatabase("26000"));
    expect(formatted).toMatchObject({ message: "The database connection was reset; try again", extensions: { code: "SERVICE_UNAVAILABLE" } });
  });

  it("keeps an unknown database error internal, its SQL masked", () => {
    const formatted = formatError({ message: "Failed query" }, fromDatabase("XX000"));
    expect(formatted).toEqual({ message: "Internal server error", locations: undefined, path: undefined, extensions: { code: "INTERNAL_SERVER_ERROR" } });
    expect(JSON.stringify(formatted)).not.toMatch(/select/);
  });
});
