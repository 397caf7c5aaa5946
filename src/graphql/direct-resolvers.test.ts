import type { GraphQLObjectType, GraphQLResolveInfo } from "graphql";
import type { Context } from "./context";
import { getSchema } from "./schema";

const fieldOf = async (typeName: string, fieldName: string) =>
  ((await getSchema()).getType(typeName) as GraphQLObjectType).getFields()[fieldName]!;

const info = {} as GraphQLResolveInfo;

describe("field resolvers called directly (callFieldResolversDirectly)", () => {
  it("hands a method its parent and context in the order it declares them", async () => {
    const field = await fieldOf("Project", "instrument");
    const context = { loaders: { fundingInstrumentById: { load: (id: number) => ({ loaded: id }) } } } as unknown as Context;
    expect(field.resolve!({ instrumentId: 7 }, {}, context, info)).toEqual({ loaded: 7 });
    expect(field.resolve!({ instrumentId: null }, {}, context, info)).toBeNull();
  });

  it("leaves a method that takes arguments to type-graphql, which validates them", async () => {
    const field = await fieldOf("Indicator", "observations");
    const loads: unknown[] = [];
    const context = {
      loaders: { observationsByIndicatorId: (filter: unknown) => ({ load: async (id: number) => (loads.push([filter, id]), []) }) },
    } as unknown as Context;
    await expect(Promise.resolve(field.resolve!({ id: 3 }, { geography: "Poland" }, context, info))).rejects.toThrow(/geography must be an ISO 3166 alpha-2 code/);
    expect(loads).toEqual([]);
    await field.resolve!({ id: 3 }, { geography: "PL" }, context, info);
    expect(loads).toEqual([[expect.objectContaining({ geography: "PL" }), 3]]);
  });
});
