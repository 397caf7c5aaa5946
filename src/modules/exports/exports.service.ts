import { requireAuditReader } from "../../auth/access";
import type { Viewer } from "../../auth/viewer";
import type { Database } from "../../db/client";
import { createLoaders, type Loaders } from "../../graphql/context";
import type { CsvColumn } from "../../lib/csv";
import { toGlobalId } from "../../lib/global-id";
import { MAX_PAGE_SIZE } from "../../lib/pagination";
import { listAuditEvents, type AuditEventRow, type AuditFilter } from "../audit/audit.service";
import {
  fundingSummary,
  type FundingDimension,
  type FundingFigures,
  type FundingFilter,
  type FundingSummaryRow,
} from "../funding-summary/funding-summary.service";
import { measuresAfterId, type MeasureRow } from "../measures/measures.service";
import type { MeasureFilter } from "../measures/measures.types";
import { lookupTable } from "../../lib/lookup";

/**
 * CSV exports: what each holds, in which columns, read in batches so that a response never
 * holds more than one batch. The rows come from the same services as the GraphQL API, so a
 * file shows the figures and filters the API does. Batches read committed data as they go
 * (no transaction is held open for a slow download); each row appears once, by id.
 */

export interface CsvExport<Row> {
  filename: string;
  columns: readonly CsvColumn<Row>[];
  batches: AsyncIterable<readonly Row[]>;
}

// --- funding summary --------------------------------------------------------------------

export interface FundingSummaryRequest {
  groupBy: FundingDimension[];
  filter: FundingFilter;
  reportingCurrency: string | null;
}

/** A group, with the codes of its dimensions, or a grand total of one currency. */
interface SummaryLine extends FundingFigures {
  row: "GROUP" | "TOTAL";
  keys: Partial<Record<FundingDimension, string | number | null>>;
}

const DIMENSION_HEADERS = lookupTable<FundingDimension, string>({
  INSTRUMENT: "instrument",
  PROJECT: "project",
  ORGANISATION: "organisation",
  SIGNATORY: "signatory",
  POLICY_AREA: "policy_area",
  MEASURE: "measure",
  MEASURE_STATUS: "measure_status",
  YEAR: "year",
});

const FIGURE_COLUMNS: CsvColumn<SummaryLine>[] = [
  { header: "currency", value: (line) => line.currency },
  ...(["budget", "committed", "disbursed", "expended", "undisbursed"] as const).map(
    (figure): CsvColumn<SummaryLine> => ({ header: figure, value: (line) => line[figure], kind: "decimal" }),
  ),
];

/**
 * The funding summary as CSV: one row per group (`row` GROUP, dimensions as codes), then one
 * TOTAL row per currency. It is computed once, by the service behind the GraphQL
 * `fundingSummary`; its rows are aggregates, as many as there are groups. Throws
 * BAD_USER_INPUT as that service does (a missing exchange rate, a reversed period).
 */
export async function fundingSummaryCsv(db: Database, request: FundingSummaryRequest): Promise<CsvExport<SummaryLine>> {
  const summary = await fundingSummary(db, request.groupBy, request.filter, request.reportingCurrency);
  const loaders = createLoaders(db);
  const groups = await Promise.all(
    summary.rows.map(async (row): Promise<SummaryLine> => ({ row: "GROUP", keys: await codesOf(loaders, row, summary.groupBy), ...figuresOf(row) })),
  );
  const totals = summary.totals.map((total): SummaryLine => ({ row: "TOTAL", keys: {}, ...figuresOf(total) }));
  return {
    filename: "funding-summary.csv",
    columns: [
      { header: "row", value: (line) => line.row },
      ...summary.groupBy.map((dimension): CsvColumn<SummaryLine> => ({
        header: DIMENSION_HEADERS[dimension],
        value: (line) => line.keys[dimension],
      })),
      ...FIGURE_COLUMNS,
    ],
    batches: oneBatch([...groups, ...totals]),
  };
}

const figuresOf = ({ currency, budget, committed, disbursed, expended, undisbursed }: FundingFigures): FundingFigures => ({
  currency,
  budget,
  committed,
  disbursed,
  expended,
  undisbursed,
});

/** The codes behind a row's ids, through per-export loaders: one query per dimension. */
async function codesOf(
  loaders: Loaders,
  row: FundingSummaryRow,
  groupBy: readonly FundingDimension[],
): Promise<SummaryLine["keys"]> {
  const code = async (id: number | null, load: (id: number) => Promise<{ code: string } | null>) =>
    id == null ? null : ((await load(id))?.code ?? null);
  const byDimension = lookupTable<FundingDimension, () => Promise<string | number | null>>({
    INSTRUMENT: () => code(row.instrumentId, (id) => loaders.fundingInstrumentById.load(id)),
    PROJECT: () => code(row.projectId, (id) => loaders.projectById.load(id)),
    ORGANISATION: () => code(row.organisationId, (id) => loaders.organisationById.load(id)),
    SIGNATORY: () => code(row.signatoryId, (id) => loaders.signatoryById.load(id)),
    POLICY_AREA: () => code(row.policyAreaId, (id) => loaders.policyAreaById.load(id)),
    MEASURE: () => code(row.measureId, (id) => loaders.measureById.load(id)),
    MEASURE_STATUS: async () => row.measureStatus,
    YEAR: async () => row.year,
  });
  const entries = await Promise.all(groupBy.map(async (dimension) => [dimension, await byDimension[dimension]()] as const));
  return Object.fromEntries(entries);
}

async function* oneBatch<Row>(rows: Row[]): AsyncIterable<Row[]> {
  yield rows;
}

// --- measures ---------------------------------------------------------------------------

export const MEASURE_BATCH_SIZE = 500;

interface MeasureLine {
  measure: MeasureRow;
  policyArea: string | null;
  leads: string[];
  contributors: string[];
}

// Lists of signatory codes are space-separated: codes never contain a space.
const MEASURE_COLUMNS: CsvColumn<MeasureLine>[] = [
  { header: "code", value: ({ measure }) => measure.code },
  { header: "title", value: ({ measure }) => measure.title },
  { header: "status", value: ({ measure }) => measure.status },
  { header: "policy_area", value: (line) => line.policyArea },
  { header: "leads", value: (line) => line.leads.join(" ") },
  { header: "contributors", value: (line) => line.contributors.join(" ") },
  { header: "deadline", value: ({ measure }) => measure.deadline },
  { header: "overdue", value: ({ measure }) => measure.overdue },
  { header: "version", value: ({ measure }) => measure.version },
  { header: "updated_at", value: ({ measure }) => measure.updatedAt.toISOString() },
];

/** Measures matching the filter (as the GraphQL `measures` reads it), by id. Public, as that query is. */
export function measuresCsv(db: Database, filter: MeasureFilter): CsvExport<MeasureLine> {
  return { filename: "measures.csv", columns: MEASURE_COLUMNS, batches: measureBatches(db, filter) };
}

async function* measureBatches(db: Database, filter: MeasureFilter): AsyncIterable<MeasureLine[]> {
  for (let afterId = 0; ; ) {
    const batch = await measuresAfterId(db, filter, afterId, MEASURE_BATCH_SIZE);
    if (batch.length === 0) return;
    // Loaders per batch: their caches never outgrow it. Two queries for the whole batch.
    const loaders = createLoaders(db);
    yield await Promise.all(
      batch.map(async (measure): Promise<MeasureLine> => {
        const [area, responsibilities] = await Promise.all([
          loaders.policyAreaById.load(measure.policyAreaId),
          loaders.responsibilitiesByMeasureId.load(measure.id),
        ]);
        const codesOf = (role: string) => responsibilities.filter((r) => r.role === role).map((r) => r.signatory.code);
        return { measure, policyArea: area?.code ?? null, leads: codesOf("LEAD"), contributors: codesOf("CONTRIBUTING") };
      }),
    );
    if (batch.length < MEASURE_BATCH_SIZE) return;
    afterId = batch.at(-1)!.id;
  }
}

// --- audit log --------------------------------------------------------------------------

const AUDIT_COLUMNS: CsvColumn<AuditEventRow>[] = [
  { header: "id", value: (event) => toGlobalId("AuditEvent", event.id) },
  { header: "occurred_at", value: (event) => event.occurredAt.toISOString() },
  { header: "actor", value: (event) => event.actorSub },
  { header: "actor_role", value: (event) => event.actorRole },
  { header: "actor_signatory", value: (event) => event.actorSignatoryCode },
  { header: "operation", value: (event) => event.operation },
  { header: "entity_type", value: (event) => event.entityType },
  { header: "entity_id", value: (event) => toGlobalId(event.entityType, event.entityId) },
  { header: "request_id", value: (event) => event.requestId },
  { header: "correlation_id", value: (event) => event.correlationId },
  { header: "before", value: (event) => (event.before == null ? null : JSON.stringify(event.before)) },
  { header: "after", value: (event) => (event.after == null ? null : JSON.stringify(event.after)) },
];

/**
 * The audit trail, newest first, as the GraphQL `auditLog` reads it (same filter, same
 * order, read page by page through its keyset cursor). Throws UNAUTHENTICATED or FORBIDDEN
 * unless the viewer is an auditor or the coordinator.
 */
export function auditLogCsv(db: Database, viewer: Viewer, filter: AuditFilter): CsvExport<AuditEventRow> {
  requireAuditReader(viewer);
  return { filename: "audit-log.csv", columns: AUDIT_COLUMNS, batches: auditBatches(db, filter) };
}

async function* auditBatches(db: Database, filter: AuditFilter): AsyncIterable<AuditEventRow[]> {
  for (let after: string | null = null; ; ) {
    const page = await listAuditEvents(db, filter, { first: MAX_PAGE_SIZE, after }, { totalCount: false });
    if (page.nodes.length) yield page.nodes;
    if (!page.pageInfo.hasNextPage) return;
    after = page.pageInfo.endCursor;
  }
}
