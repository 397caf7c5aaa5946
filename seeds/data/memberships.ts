import type { memberships } from "../../src/modules/memberships/memberships.tables";
import { memberStateCodes } from "./partnership";
import { POLICY_BRIEF } from "./sources";

export type MembershipSeed = Omit<typeof memberships.$inferInsert, "organisationId" | "sourceId"> & {
  organisation: string;
  source: string;
};

/** States in unions, as the brief names them. */
export const membershipSeeds: MembershipSeed[] = [
  {
    organisation: "EAEU",
    memberCode: "BY",
    source: POLICY_BRIEF,
    locator: "section 'Context'",
    note: "'the country's membership in the Eurasian Economic Union (EAEU)'.",
  },
  {
    organisation: "EAEU",
    memberCode: "RU",
    source: POLICY_BRIEF,
    locator: "section 'Context'",
    note: "'acknowledging the significant role of Russia in the EAEU'.",
  },
  {
    organisation: "CIS",
    memberCode: "BY",
    source: POLICY_BRIEF,
    locator: "section 'Social protection'",
    note: "'Within the CIS, for instance, Belarus concluded an agreement in the field of pension security as early as 1992'.",
  },
  ...memberStateCodes.map((memberCode) => ({
    organisation: "EU",
    memberCode,
    source: POLICY_BRIEF,
    locator: "section 'Context'",
    note: "One of 'the seven EU Member States' that signed the Joint Declaration.",
  })),
];
