import { IsOptional, MaxLength } from "class-validator";
import { Field, InputType } from "type-graphql";

/** What every mutation input has, GitHub style: the client's label for the call, echoed in the payload. */
@InputType()
export abstract class MutationInput {
  @Field(() => String, { nullable: true, description: "Any string; returned unchanged in the payload." })
  @IsOptional()
  @MaxLength(200)
  clientMutationId?: string | null;
}
