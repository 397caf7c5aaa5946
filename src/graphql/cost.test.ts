import "reflect-metadata";
import type { GraphQLObjectType, GraphQLResolveInfo } from "graphql";
import { pageOfList } from "./cost";
import { getSchema } from "./schema";

describe("declared list prices", () => {
  it("a page of a list: the first 100 unless first or last say otherwise, never both", () => {
    const items = Array.from({ length: 150 }, (_, i) => i);
    expect(pageOfList(items, {})).toEqual(items.slice(0, 100));
    expect(pageOfList(items, { first: 2 })).toEqual([0, 1]);
    expect(pageOfList(items, { last: 2 })).toEqual([148, 149]);
    expect(pageOfList(items, { last: 0 })).toEqual([]);
    expect(() => pageOfList(items, { first: 1, last: 1 })).toThrow("Pass either first or last, not both");
  });

  it("a list priced by a stated maximum never answers more: the field fails instead", async () => {
    const schema = await getSchema();
    const changes = (schema.getType("ActionPlanMeasureChange") as GraphQLObjectType).getFields().changes!;
    const info = { fieldName: "changes" } as GraphQLResolveInfo;
    const change = { field: "TITLE", from: "a", to: "b" };
    expect(changes.resolve!({ changes: Array(6).fill(change) }, {}, {}, info)).toHaveLength(6);
    expect(() => changes.resolve!({ changes: Array(7).fill(change) }, {}, {}, info)).toThrow(
      "ActionPlanMeasureChange.changes has 7 items, over its stated maximum of 6",
    );
  });
});
