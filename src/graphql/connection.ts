import { ArgsType, Field, Int, ObjectType, type ClassType } from "type-graphql";
import { Max, Min } from "class-validator";
import { MAX_PAGE_SIZE } from "../lib/pagination";
import { PLAIN_VALUES } from "./common.types";

@ObjectType({ ...PLAIN_VALUES, description: "Where a page sits in its list (Relay cursor connections)." })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Returns the first n items (at most ${MAX_PAGE_SIZE}; default 20).` })
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Returns the items after this cursor." })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Returns the last n items (at most ${MAX_PAGE_SIZE}).` })
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  last?: number | null;

  @Field(() => String, { nullable: true, description: "Returns the items before this cursor." })
  before?: string | null;
}

/** The `XConnection` and `XEdge` types of a node type, GitHub style. */
export function connectionTypes<Node extends object>(node: ClassType<Node>, name: string) {
  @ObjectType(`${name}Edge`, PLAIN_VALUES)
  class Edge {
    @Field({ description: "Pass to after or before to page from here." })
    cursor!: string;

    @Field(() => node)
    node!: Node;
  }

  @ObjectType(`${name}Connection`, PLAIN_VALUES)
  class Connection {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => [node], { description: "The nodes of the edges, for clients that need no cursors." })
    nodes!: Node[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    // A promise (counted on first use): type-graphql's resolver hands it to GraphQL to await.
    @Field(() => Int, { simple: false, description: "How many items the whole list has, across all pages." })
    totalCount!: number;
  }

  return Connection;
}
