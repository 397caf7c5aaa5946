// The floor: node:http plus postgres.js, one hand-written SQL statement per operation that
// builds the response JSON in PostgreSQL, answering the same request bodies as the API
// (dispatched on operationName; the query text is not parsed) with the same JSON.
// No GraphQL, no ORM: what is left is HTTP, one database round trip and the SQL itself.
//
//   DATABASE_URL=postgres://... PORT=4102 AUTH_JWT_SECRET=... node floor.mjs
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import postgres from "postgres";

const url = process.env.DATABASE_URL;
const port = Number(process.env.PORT ?? 4102);
const secret = process.env.AUTH_JWT_SECRET ?? "";
if (!url) throw new Error("DATABASE_URL is required");

// Same pool size as the API (src/db/client.ts) and PostGraphile (pg's default).
const sql = postgres(url, { max: 10, onnotice: () => {} });

/** base64url of "Type:id" in SQL, as src/lib/global-id.ts makes them. */
const gid = (type, column) => `translate(rtrim(encode(convert_to('${type}:' || ${column}, 'UTF8'), 'base64'), '='), '+/', '-_')`;
/** base64url of JSON.stringify([ordering, value, id]), as src/lib/pagination.ts makes cursors. */
const cursor = (ordering, value, id) =>
  `translate(rtrim(replace(encode(convert_to('["${ordering}",' || to_json(${value})::text || ',' || ${id} || ']', 'UTF8'), 'base64'), E'\\n', ''), '='), '+/', '-_')`;
/** A DateTime as graphql-scalars serialises a JS Date: UTC, milliseconds. */
const iso = (column) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const DASHBOARD = `
  with page as (
    select m.id, m.code, m.title, m.status, m.deadline, m.version, m.policy_area_id,
      coalesce(m.deadline < current_date and m.status not in ('COMPLETED', 'WITHDRAWN'), false) as overdue
    from measure m
    where m.partnership_id in (select id from partnership where code = $1)
    order by m.code, m.id
    limit $2::int + 1
  ),
  shown as (select * from page order by code, id limit $2::int)
  select json_build_object('data', json_build_object('measures', json_build_object(
    'totalCount', (select count(*) from measure where partnership_id in (select id from partnership where code = $1)),
    'pageInfo', json_build_object(
      'hasNextPage', (select count(*) from page) > $2::int,
      'endCursor', (select ${cursor("CODE", "s.code", "s.id")} from shown s order by s.code desc, s.id desc limit 1)),
    'nodes', coalesce((select json_agg(json_build_object(
      'id', ${gid("Measure", "s.id")},
      'code', s.code, 'title', s.title, 'status', s.status, 'deadline', s.deadline, 'overdue', s.overdue, 'version', s.version,
      'policyArea', (select json_build_object('code', pa.code, 'title', pa.title) from policy_area pa where pa.id = s.policy_area_id),
      'lead', (select case when count(*) = 1 then json_build_object('code', min(sg.code), 'name', min(sg.name)) end
               from measure_responsibility r join signatory sg on sg.id = r.signatory_id
               where r.measure_id = s.id and r.role = 'LEAD'),
      'leads', coalesce((select json_agg(json_build_object('code', sg.code) order by r.position)
               from measure_responsibility r join signatory sg on sg.id = r.signatory_id
               where r.measure_id = s.id and r.role = 'LEAD'), '[]'),
      'responsibilities', coalesce((select json_agg(json_build_object('role', r.role, 'isAssumption', r.is_assumption,
                 'signatory', json_build_object('code', sg.code, 'name', sg.name)) order by r.role, r.position)
               from measure_responsibility r join signatory sg on sg.id = r.signatory_id where r.measure_id = s.id), '[]'),
      'projects', coalesce((select json_agg(json_build_object('code', p.code, 'title', p.title,
                 'instrument', (select json_build_object('code', f.code, 'name', f.name) from funding_instrument f where f.id = p.instrument_id))
                 order by p.code)
               from measure_project mp join project p on p.id = mp.project_id where mp.measure_id = s.id), '[]')
    ) order by s.code, s.id) from shown s), '[]')
  )))::text as body`;

const MEASURE_HISTORY = `
  select json_build_object('data', json_build_object('node', (
    select json_build_object('id', ${gid("Measure", "m.id")}, 'code', m.code, 'title', m.title, 'status', m.status,
      'version', m.version, 'updatedAt', ${iso("m.updated_at")},
      'statusHistory', coalesce((select json_agg(json_build_object('fromStatus', c.from_status, 'toStatus', c.to_status,
          'reason', c.reason, 'changedAt', ${iso("c.changed_at")}) order by c.changed_at, c.id)
        from measure_status_change c where c.measure_id = m.id), '[]'))
    from measure m where m.id = $1::int
  )))::text as body`;

const PROJECTS_BY_INSTRUMENT = `
  with page as (
    select p.* from project p
    where p.instrument_id in (select id from funding_instrument where code = $1)
    order by p.code, p.id
    limit $2::int + 1
  ),
  shown as (select * from page order by code, id limit $2::int)
  select json_build_object('data', json_build_object('projects', json_build_object(
    'totalCount', (select count(*) from project where instrument_id in (select id from funding_instrument where code = $1)),
    'pageInfo', json_build_object(
      'hasNextPage', (select count(*) from page) > $2::int,
      'endCursor', (select ${cursor("CODE", "s.code", "s.id")} from shown s order by s.code desc, s.id desc limit 1)),
    'nodes', coalesce((select json_agg(json_build_object(
      'id', ${gid("Project", "s.id")}, 'code', s.code, 'title', s.title, 'status', s.status,
      'plannedStart', s.planned_start, 'plannedEnd', s.planned_end,
      'instrument', (select json_build_object('code', f.code, 'name', f.name) from funding_instrument f where f.id = s.instrument_id),
      'budgets', coalesce((select json_agg(json_build_object('status', b.status, 'valueDate', b.value_date,
          'amount', json_build_object('amount', b.amount::text, 'currency', b.currency)) order by b.value_date, b.id)
        from project_budget b where b.project_id = s.id), '[]')
    ) order by s.code, s.id) from shown s), '[]')
  )))::text as body`;

// Grouped by instrument and year only, every line lands whole in one group: the API's equal
// shares of a line (among a project's organisations, measures and lead signatories) add up to
// the line's amount to the cent, so the floor sums the amounts themselves.
const FIGURES = `
  coalesce(sum(l.amount) filter (where l.figure = 'BUDGET'), 0)::numeric(20,2)::text as budget,
  coalesce(sum(l.amount) filter (where l.figure = 'OUTGOING_COMMITMENT'), 0)::numeric(20,2)::text as committed,
  coalesce(sum(l.amount) filter (where l.figure = 'DISBURSEMENT'), 0)::numeric(20,2)::text as disbursed,
  coalesce(sum(l.amount) filter (where l.figure = 'EXPENDITURE'), 0)::numeric(20,2)::text as expended,
  (coalesce(sum(l.amount) filter (where l.figure = 'OUTGOING_COMMITMENT'), 0)
    - coalesce(sum(l.amount) filter (where l.figure = 'DISBURSEMENT'), 0))::numeric(20,2)::text as undisbursed`;
const FIGURES_JSON = (alias) =>
  ["budget", "committed", "disbursed", "expended", "undisbursed"].map((f) => `'${f}', ${alias}.${f}`).join(", ");

const FUNDING_SUMMARY = `
  with lines as (
    select p.instrument_id, b.value_date, b.currency::text as currency, 'BUDGET' as figure, b.amount
    from project_budget b join project p on p.id = b.project_id
    where p.partnership_id in (select id from partnership where code = $1)
    union all
    select p.instrument_id, t.value_date, t.currency::text, t.type::text, t.amount
    from project_transaction t join project p on p.id = t.project_id
    where p.partnership_id in (select id from partnership where code = $1)
  ),
  groups as (
    select l.instrument_id, extract(year from l.value_date)::int as year, l.currency,
      grouping(l.instrument_id) = 1 as total, ${FIGURES}
    from lines l
    group by grouping sets ((l.instrument_id, extract(year from l.value_date)::int, l.currency), (l.currency))
  )
  select json_build_object('data', json_build_object('fundingSummary', json_build_object(
    'rows', coalesce((select json_agg(json_build_object(
        'instrument', (select json_build_object('code', f.code, 'name', f.name) from funding_instrument f where f.id = g.instrument_id),
        'year', g.year, 'currency', g.currency, ${FIGURES_JSON("g")})
      order by g.instrument_id nulls last, g.year nulls last, g.currency) from groups g where not g.total), '[]'),
    'totals', coalesce((select json_agg(json_build_object('currency', g.currency, ${FIGURES_JSON("g")}) order by g.currency)
      from groups g where g.total), '[]')
  )))::text as body`;

// One statement: lock, check version and transition, update, history, audit record with the
// same before/after snapshot the API writes (row, responsibilities, project links, progress count).
const SET_MEASURE_STATUS = `
  with before as (select m.* from measure m where m.id = $1::int for update),
  extra as (
    select
      coalesce((select jsonb_agg(jsonb_build_object('signatoryCode', sg.code, 'role', r.role) order by r.role, r.position)
        from measure_responsibility r join signatory sg on sg.id = r.signatory_id where r.measure_id = $1::int), '[]') as responsibilities,
      coalesce((select jsonb_agg(mp.project_id order by mp.project_id) from measure_project mp where mp.measure_id = $1::int), '[]') as project_ids,
      (select count(*) from measure_progress_update u where u.measure_id = $1::int) as progress
  ),
  updated as (
    update measure m set status = $2::measure_status, version = m.version + 1, updated_at = now()
    from before b
    where m.id = b.id and b.version = $3::int and b.status = any($4::measure_status[])
    returning m.*
  ),
  history as (
    insert into measure_status_change (measure_id, from_status, to_status, reason, actor_sub, actor_role, request_id)
    select u.id, b.status, u.status, $5, $6, 'COORDINATOR', $7 from updated u, before b
  ),
  audit as (
    insert into audit_event (actor_sub, actor_role, operation, entity_type, entity_id, before, after, request_id)
    select $6, 'COORDINATOR', 'setMeasureStatus', 'Measure', u.id,
      to_jsonb(b) || jsonb_build_object('responsibilities', e.responsibilities, 'projectIds', e.project_ids, 'progressUpdates', e.progress),
      to_jsonb(u) || jsonb_build_object('responsibilities', e.responsibilities, 'projectIds', e.project_ids, 'progressUpdates', e.progress),
      $7
    from updated u, before b, extra e
  )
  select b.version as current_version, b.status as current_status, u.version as new_version, u.status as new_status
  from before b left join updated u on true`;

// Where each status may be reached from by the coordinator (src/modules/measures/measure-status.rules.ts).
const REACHABLE_FROM = {
  AGREED: ["PROPOSED"],
  IN_PROGRESS: ["AGREED", "ON_HOLD"],
  ON_HOLD: ["AGREED", "IN_PROGRESS"],
  COMPLETED: ["IN_PROGRESS"],
  WITHDRAWN: ["PROPOSED", "AGREED", "IN_PROGRESS", "ON_HOLD"],
};
const NEEDS_REASON = new Set(["ON_HOLD", "WITHDRAWN"]);

class RequestError extends Error {
  constructor(code, message, extensions = {}) {
    super(message);
    this.code = code;
    this.extensions = extensions;
  }
}

function decodeGlobalId(type, globalId) {
  const match = /^([A-Za-z]+):([1-9][0-9]{0,9})$/.exec(Buffer.from(String(globalId), "base64url").toString("utf8"));
  if (!match || match[1] !== type || Number(match[2]) > 2_147_483_647) throw new RequestError("BAD_USER_INPUT", `"${globalId}" is not a valid id`);
  return Number(match[2]);
}

/** HS256 bearer token check (signature, expiry, claims), hand-written with node:crypto. */
function viewerOf(header) {
  const match = /^Bearer\s+([\w-]+)\.([\w-]+)\.([\w-]+)$/i.exec(header ?? "");
  if (!match || !secret) throw new RequestError("UNAUTHENTICATED", "A bearer token is required");
  const expected = createHmac("sha256", secret).update(`${match[1]}.${match[2]}`).digest();
  const given = Buffer.from(match[3], "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new RequestError("UNAUTHENTICATED", "The token is invalid");
  const header0 = JSON.parse(Buffer.from(match[1], "base64url").toString("utf8"));
  const claims = JSON.parse(Buffer.from(match[2], "base64url").toString("utf8"));
  if (header0.alg !== "HS256") throw new RequestError("UNAUTHENTICATED", "The token is invalid");
  if (typeof claims.exp === "number" && claims.exp * 1000 < Date.now()) throw new RequestError("UNAUTHENTICATED", "The token has expired");
  if (typeof claims.sub !== "string" || !claims.sub) throw new RequestError("UNAUTHENTICATED", "The token has no sub claim");
  if (claims.role !== "COORDINATOR") throw new RequestError("FORBIDDEN", "Only the coordinator is supported by the floor");
  return { sub: claims.sub };
}

const single = async (text, params) => (await sql.unsafe(text, params, { prepare: true }))[0].body;

const HANDLERS = {
  Dashboard: ({ partnershipCode, first }) => single(DASHBOARD, [partnershipCode, first]),
  MeasureHistory: ({ id }) => single(MEASURE_HISTORY, [decodeGlobalId("Measure", id)]),
  ProjectsByInstrument: ({ instrumentCode, first }) => single(PROJECTS_BY_INSTRUMENT, [instrumentCode, first]),
  FundingSummary: ({ partnershipCode }) => single(FUNDING_SUMMARY, [partnershipCode]),
  SetMeasureStatus: async ({ input }, request) => {
    const viewer = viewerOf(request.headers.authorization);
    const measureId = decodeGlobalId("Measure", input.measureId);
    const reason = typeof input.reason === "string" && input.reason.trim() ? input.reason.trim() : null;
    if (NEEDS_REASON.has(input.status) && !reason) throw new RequestError("BAD_USER_INPUT", `Moving a measure to ${input.status} needs a reason`);
    const from = REACHABLE_FROM[input.status] ?? [];
    const requestId = request.headers["x-request-id"] ?? randomUUID();
    const [row] = await sql.unsafe(
      SET_MEASURE_STATUS,
      [measureId, input.status, input.expectedVersion, `{${from.join(",")}}`, reason, viewer.sub, requestId],
      { prepare: true },
    );
    if (!row) throw new RequestError("NOT_FOUND", "No measure has this id");
    if (row.new_version === null) {
      if (row.current_version !== input.expectedVersion) {
        throw new RequestError(
          "CONFLICT",
          `The measure has changed: it is at version ${row.current_version}, not ${input.expectedVersion}. Reload it and try again.`,
          { currentVersion: row.current_version },
        );
      }
      throw new RequestError("BAD_USER_INPUT", `A ${row.current_status} measure cannot move to ${input.status}`);
    }
    return JSON.stringify({
      data: {
        setMeasureStatus: {
          clientMutationId: input.clientMutationId ?? null,
          measure: { id: input.measureId, status: row.new_status, version: row.new_version },
        },
      },
    });
  },
};

const server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", async () => {
    let body;
    try {
      const { operationName, variables } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const handler = HANDLERS[operationName];
      if (!handler) throw new RequestError("BAD_USER_INPUT", `The floor does not answer ${operationName}`);
      body = await handler(variables ?? {}, request);
    } catch (error) {
      const code = error instanceof RequestError ? error.code : "INTERNAL_SERVER_ERROR";
      if (code === "INTERNAL_SERVER_ERROR") console.error(error);
      const message = error instanceof RequestError ? error.message : "Unexpected error.";
      body = JSON.stringify({ errors: [{ message, extensions: { code, ...(error.extensions ?? {}) } }], data: null });
    }
    response.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
    response.end(body);
  });
});

server.listen(port, "127.0.0.1", () => console.log(`floor serving http://127.0.0.1:${port}/graphql`));
const stop = () => server.close(() => sql.end({ timeout: 5 }).then(() => process.exit(0)));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
