import { execute, GraphQLError, GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLScalarType, GraphQLSchema, GraphQLString, parse } from "graphql";
import { compileQuery, isCompiledQuery } from "graphql-jit";

/**
 * patches/graphql-jit+0.8.9.patch serialises a leaf straight away when it is neither null nor an
 * Error, and builds the error's locations and path only otherwise. The errors must stay what
 * graphql-js reports: message, path and locations, for null in a non-null leaf, an Error as a
 * value, and a value the scalar refuses, in lists too.
 */
const Even = new GraphQLScalarType({
  name: "Even",
  serialize: (value) => {
    if (typeof value !== "number" || value % 2 !== 0) throw new GraphQLError(`Even cannot represent ${String(value)}`);
    return value;
  },
});

const Item = new GraphQLObjectType({
  name: "Item",
  fields: {
    name: { type: new GraphQLNonNull(GraphQLString) },
    note: { type: GraphQLString },
    count: { type: GraphQLInt },
    even: { type: Even },
    evenRequired: { type: new GraphQLNonNull(Even) },
  },
});

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: "Query",
    fields: { items: { type: new GraphQLList(Item), resolve: () => ITEMS } },
  }),
});

const ITEMS = [
  { name: "plain", note: "n", count: 1, even: 2, evenRequired: 4 },
  { name: "nulls", note: null, count: null, even: null, evenRequired: 0 },
  { name: null, note: new Error("note failed"), count: 3, even: 3, evenRequired: 6 },
  { name: "refused", note: "ok", count: 5, even: 8, evenRequired: 7 },
];

describe("leaf values in compiled queries (graphql-jit, patched)", () => {
  it("answer as graphql-js does, and report each failed leaf with its message, path and location", async () => {
    const document = parse("{ items { name note count even evenRequired } }");
    const compiled = compileQuery(schema, document);
    if (!isCompiledQuery(compiled)) throw new Error("not compiled");
    const expected = await execute({ schema, document });
    const actual = await compiled.query(undefined, undefined, {});
    expect(actual.data).toEqual(expected.data);
    // graphql-jit reports every failed leaf of an item, where graphql-js stops at the one that nulls it.
    expect(JSON.parse(JSON.stringify(actual.errors))).toEqual([
      { message: "note failed", locations: [{ line: 1, column: 16 }], path: ["items", 2, "note"] },
      { message: "Even cannot represent 3", locations: [{ line: 1, column: 27 }], path: ["items", 2, "even"] },
      { message: "Cannot return null for non-nullable field Item.name.", locations: [{ line: 1, column: 11 }], path: ["items", 2, "name"] },
      { message: "Even cannot represent 7", locations: [{ line: 1, column: 32 }], path: ["items", 3, "evenRequired"] },
    ]);
    expect(JSON.parse(JSON.stringify(expected.errors))).toEqual([actual.errors![2], actual.errors![3]].map((error) => JSON.parse(JSON.stringify(error))));
  });
});
