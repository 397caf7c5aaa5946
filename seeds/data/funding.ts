import type { fundingInstruments, instrumentAllocations } from "../../src/modules/funding/funding.tables";
import { POLICY_BRIEF } from "./sources";

type InstrumentRow = typeof fundingInstruments.$inferInsert;
type AllocationRow = typeof instrumentAllocations.$inferInsert;

export interface InstrumentSeed extends Pick<InstrumentRow, "code" | "name" | "kind" | "description" | "periodStart" | "periodEnd"> {
  /** Codes of the instruments it is financed under (seeded before it). */
  parents?: string[];
}

export interface AllocationSeed
  extends Omit<AllocationRow, "id" | "instrumentId" | "partnershipId" | "recipientSignatoryId" | "sourceId"> {
  instrument: string;
  /** Only where the source ties the money to the partnership. */
  partnership?: string;
  recipient?: string;
  source?: string;
}

const NEIGHBOURHOOD_EXCHANGE =
  "One of the EU exchange and volunteer programmes within the European Neighbourhood that Belarusian youth organisations and young people take part in.";

/** The EU instruments and programmes the brief names, parents before children. */
export const instrumentSeeds: InstrumentSeed[] = [
  {
    code: "ENI",
    name: "European Neighbourhood Instrument",
    kind: "FINANCING_INSTRUMENT",
    description: "The key tool for the EU's bilateral cooperation with Belarus for the period 2014-2020.",
    periodStart: "2014-01-01",
    periodEnd: "2020-12-31",
  },
  { code: "AMIF", name: "Asylum, Migration and Integration Fund", kind: "FUND" },
  { code: "ISF", name: "Internal Security Fund", kind: "FUND" },
  {
    code: "MPF",
    name: "Mobility Partnership Facility",
    kind: "FACILITY",
    description:
      "Grants funding to smaller-scale projects in a number of priority areas; has financed several actions in Belarus.",
    parents: ["AMIF", "ISF"],
  },
  {
    code: "ERASMUS_PLUS",
    name: "Erasmus+",
    kind: "PROGRAMME",
    description: NEIGHBOURHOOD_EXCHANGE,
  },
  {
    code: "TEMPUS",
    name: "TEMPUS",
    kind: "PROGRAMME",
    description: `${NEIGHBOURHOOD_EXCHANGE} Established contacts between Belarusian and European universities.`,
  },
  { code: "EU4YOUTH", name: "EU4Youth", kind: "PROGRAMME", description: NEIGHBOURHOOD_EXCHANGE },
  { code: "TAIEX", name: "TAIEX", kind: "PROGRAMME", description: NEIGHBOURHOOD_EXCHANGE },
  {
    code: "MOST",
    name: "Mobility Scheme for Targeted People-to-People-Contacts (MOST)",
    kind: "PROGRAMME",
    description: "Expands professional contacts between nationals of Belarus and the EU.",
  },
  {
    code: "CBC",
    name: "EU cross-border cooperation programmes",
    kind: "PROGRAMME",
    description: "The EU has allocated funds under them to improve the infrastructure of border crossing points.",
  },
];

export const allocationSeeds: AllocationSeed[] = [
  {
    // For bilateral cooperation with Belarus, not for the Mobility Partnership: no partnership.
    instrument: "ENI",
    recipient: "BY",
    periodStart: "2014-01-01",
    periodEnd: "2020-12-31",
    amount: "170000000.00",
    currency: "EUR",
    qualifier: "AT_LEAST",
    asStated: "over €170 million",
    source: POLICY_BRIEF,
    note: "The brief: ENI 'is the key tool for bilateral cooperation for the period 2014-2020'; it does not tie the money to the Mobility Partnership.",
  },
];
