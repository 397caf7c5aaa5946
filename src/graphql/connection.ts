import { ArgsType, Field, Int, ObjectType, type ClassType } from "type-graphql";
import { Max, Min } from "class-validator";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../lib/pagination";
import { PLAIN_VALUES } from "./common.types";

@ObjectType({ ...PLAIN_VALUES, description: "Where a page sits in its list (Relay cursor connections)." })
export class PageInfo {
  @Field({ description: "True when there are items after this page: ask again with after: endCursor. Paging backwards (last/before), true whenever a before cursor was given." })
  hasNextPage!: boolean;

  @Field({ description: "True when there are items before this page: ask again with before: startCursor and last. Paging forwards, true whenever an after cursor was given." })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "The cursor of the page's first item, to pass as before; null when the page is empty." })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "The cursor of the page's last item, to pass as after; null when the page is empty." })
  endCursor!: string | null;
}

/** The arguments of every connection field (measures, projects, auditLog...), described once here. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Returns the first n items, from 0 to ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when neither first nor last is given. Not with last or before.` })
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Returns the items after this cursor (an endCursor or an edge's cursor from the same list and order); opaque, do not build one." })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Returns the last n items, from 0 to ${MAX_PAGE_SIZE}, to page backwards with before. Not with first or after.` })
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  last?: number | null;

  @Field(() => String, { nullable: true, description: "Returns the items before this cursor (a startCursor or an edge's cursor from the same list and order); opaque." })
  before?: string | null;
}

/** The `XConnection` and `XEdge` types of a node type, GitHub style. */
export function connectionTypes<Node extends object>(node: ClassType<Node>, name: string) {
  @ObjectType(`${name}Edge`, { ...PLAIN_VALUES, description: `One ${name} of a page, with the cursor that marks its place in the list.` })
  class Edge {
    @Field({ description: "Pass to after or before to page from here." })
    cursor!: string;

    @Field(() => node, { description: `The ${name} at this place in the list.` })
    node!: Node;
  }

  @ObjectType(`${name}Connection`, {
    ...PLAIN_VALUES,
    description: `A page of a list of ${name} items (Relay cursor connection): ask for the next with first and after: pageInfo.endCursor.`,
  })
  class Connection {
    @Field(() => [Edge], { description: "The page's items with their cursors, in the list's order." })
    edges!: Edge[];

    @Field(() => [node], { description: "The nodes of the edges, for clients that need no cursors." })
    nodes!: Node[];

    @Field(() => PageInfo, { description: "Whether there are pages before or after this one, and the cursors to ask for them." })
    pageInfo!: PageInfo;

    // A promise (counted on first use): type-graphql's resolver hands it to GraphQL to await.
    @Field(() => Int, { simple: false, description: "How many items the whole list has, across all pages." })
    totalCount!: number;
  }

  return Connection;
}
