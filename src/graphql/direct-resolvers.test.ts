import * as classValidator from "class-validator";
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

  it("converts and validates a method's @Args() classes itself, as type-graphql would", async () => {
    const field = await fieldOf("Indicator", "observations");
    const loads: unknown[] = [];
    const context = {
      loaders: { observationsByIndicatorId: (filter: unknown) => ({ load: async (id: number) => (loads.push([filter, id]), []) }) },
    } as unknown as Context;
    await expect(Promise.resolve(field.resolve!({ id: 3 }, { geography: "Poland" }, context, info))).rejects.toThrow(/geography must be an ISO 3166 alpha-2 code/);
    expect(loads).toEqual([]);
    await field.resolve!({ id: 3 }, { geography: "PL", first: 2 }, context, info);
    expect(loads).toEqual([[expect.objectContaining({ geography: "PL" }), 3]]);
    await expect(Promise.resolve(field.resolve!({ id: 3 }, { first: 101 }, context, info))).rejects.toThrow(/first must not be greater than 100/);
  });

  it("checks a valid value once, whatever the item or the request; an invalid one each time", async () => {
    const field = await fieldOf("Measure", "statusHistory");
    const validate = jest.spyOn(classValidator, "validate");
    const context = () => ({ loaders: { statusHistoryByMeasureId: { load: async (id: number) => [{ id }, { id: -id }] } } }) as unknown as Context;
    const request = context();
    const pages = await Promise.all([1, 2, 3].map((id) => field.resolve!({ id }, { first: 1 }, request, info)));
    expect(pages).toEqual([[{ id: 1 }], [{ id: 2 }], [{ id: 3 }]]);
    expect(validate).toHaveBeenCalledTimes(1);
    await field.resolve!({ id: 1 }, { first: 1 }, context(), info);
    expect(validate).toHaveBeenCalledTimes(1);
    await field.resolve!({ id: 1 }, { last: 1 }, request, info);
    expect(validate).toHaveBeenCalledTimes(2);
    for (const attempt of [1, 2]) {
      await expect(Promise.resolve(field.resolve!({ id: attempt }, { last: -1 }, request, info))).rejects.toThrow(/last must not be less than 0/);
    }
    expect(validate).toHaveBeenCalledTimes(4);
    validate.mockRestore();
  });
});
