import { useDocument } from "../api";
import { StackedBar } from "../charts";
import { day, plural, STATUSES, statusWords, words } from "../format";
import { Failed, Loading } from "../status";

interface PlanData {
  partnership: {
    code: string;
    title: string;
    signedOn: string;
    signatories: { code: string; name: string }[];
    policyAreas: { position: number; code: string; title: string }[];
  } | null;
  measures: {
    totalCount: number;
    nodes: { code: string; title: string; status: string; overdue: boolean; deadline: string | null; policyArea: { code: string }; leads: { code: string }[] }[];
  };
  actionPlanVersions: { number: number; status: string; adoptedAt: string | null; supersededAt: string | null; note: string | null; basedOn: { number: number } | null }[];
}

interface DiffData {
  actionPlanDiff: {
    added: { code: string; title: string }[];
    withdrawn: { code: string; title: string; withdrawalReason: string | null }[];
    changed: { code: string; changes: { field: string; from: string | null; to: string | null }[] }[];
  };
}

/** The statuses a lead signatory's bar shows, in the order of the bar (done first). */
const PROGRESS_ORDER = ["COMPLETED", "IN_PROGRESS", "ON_HOLD", "AGREED", "PROPOSED"] as const;

/** `revision` moves with each live change to measures or the action plan: the plan is read again. */
export function PlanView({ partnership, revision }: { partnership: string; revision: string }) {
  const loaded = useDocument<PlanData>("Plan", { partnership }, partnership, revision);
  if (loaded.state === "loading") return <Loading what="the plan" />;
  if (loaded.state === "failed") return <Failed what="the plan" message={loaded.message} />;
  const { partnership: p, measures, actionPlanVersions } = loaded.data;
  if (!p) return <Failed what="the plan" message={`There is no partnership ${partnership}.`} />;
  const nodes = measures.nodes;
  const count = (area: string | null, status: string | null) =>
    nodes.filter((m) => (area === null || m.policyArea.code === area) && (status === null || m.status === status)).length;
  const overdue = nodes.filter((m) => m.overdue);
  // Overdue first, then by deadline (none last), then by code.
  const ordered = [...nodes].sort(
    (a, b) => Number(b.overdue) - Number(a.overdue) || (a.deadline ?? "9999").localeCompare(b.deadline ?? "9999") || a.code.localeCompare(b.code),
  );
  const areaTitle = new Map(p.policyAreas.map((area) => [area.code, area.title]));
  const leaders = p.signatories.filter((s) => nodes.some((m) => m.leads.some((lead) => lead.code === s.code)));

  return (
    <>
      <h2>The plan</h2>
      <p>
        {p.title}, signed on {day(p.signedOn)}: {plural(measures.totalCount, "measure")} in {plural(p.policyAreas.length, "policy area")}.
      </p>

      <section aria-labelledby="matrix-heading">
        <h3 id="matrix-heading">Measures by policy area and status</h3>
        <div class="table-scroll" role="region" aria-labelledby="matrix-heading" tabIndex={0}>
          <table class="matrix">
            <caption>Number of measures in each policy area, by status</caption>
            <thead>
              <tr>
                <th scope="col">Policy area</th>
                {STATUSES.map((status) => (
                  <th scope="col" key={status}>
                    {statusWords(status)}
                  </th>
                ))}
                <th scope="col">Total</th>
              </tr>
            </thead>
            <tbody>
              {p.policyAreas.map((area) => (
                <tr key={area.code}>
                  <th scope="row">
                    {area.position}. {area.title}
                  </th>
                  {STATUSES.map((status) => (
                    <td key={status} class={count(area.code, status) === 0 ? "zero" : undefined}>
                      {count(area.code, status)}
                    </td>
                  ))}
                  <td>{count(area.code, null)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">All areas</th>
                {STATUSES.map((status) => (
                  <td key={status}>{count(null, status)}</td>
                ))}
                <td>{nodes.length}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </section>

      <section aria-labelledby="measures-heading">
        <h3 id="measures-heading">Measures, overdue first</h3>
        <p>
          {overdue.length === 0
            ? `No measure is overdue: none of the ${nodes.length} has a deadline that has passed while it is still open.`
            : `${plural(overdue.length, "measure is", "measures are")} overdue: listed first.`}
        </p>
        <ul class="measure-list">
          {ordered.map((m) => (
            <li key={m.code} class={m.overdue ? "overdue" : undefined}>
              <a href={`#/measure/${encodeURIComponent(m.code)}`}>
                <strong>{m.code}</strong> {m.title}
              </a>
              <span class="meta">
                {m.overdue ? "Overdue · " : ""}
                {statusWords(m.status)} · {m.deadline ? `deadline ${day(m.deadline)}` : "no deadline"} · {areaTitle.get(m.policyArea.code)}
              </span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="progress-heading">
        <h3 id="progress-heading">Progress per lead signatory</h3>
        <ul class="legend" aria-label="Colours of the bars">
          {PROGRESS_ORDER.map((status) => (
            <li key={status}>
              <svg aria-hidden="true" focusable="false" width="12" height="12">
                <rect class={`status-${status}`} width="12" height="12" />
              </svg>
              {statusWords(status)}
            </li>
          ))}
        </ul>
        <ul class="progress">
          {leaders.map((signatory) => {
            const led = nodes.filter((m) => m.leads.some((lead) => lead.code === signatory.code));
            const byStatus = PROGRESS_ORDER.map((status) => ({ key: status, count: led.filter((m) => m.status === status).length }));
            return (
              <li key={signatory.code}>
                <span class="progress-name">
                  {signatory.name} ({signatory.code}): leads {plural(led.length, "measure")}
                </span>
                <StackedBar segments={byStatus} />
                <span class="meta">{byStatus.map((segment) => `${statusWords(segment.key).toLowerCase()} ${segment.count}`).join(", ")}</span>
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="version-heading">
        <h3 id="version-heading">The action plan's adopted version</h3>
        <AdoptedVersion partnership={partnership} versions={actionPlanVersions} measures={nodes.length} />
      </section>
    </>
  );
}

function AdoptedVersion({ partnership, versions, measures }: { partnership: string; versions: PlanData["actionPlanVersions"]; measures: number }) {
  const adopted = versions.find((version) => version.status === "ADOPTED");
  if (!adopted) {
    return (
      <p>
        No version of the action plan has been adopted yet
        {versions.length > 0 ? ` (${plural(versions.length, "version")}, none adopted)` : ""}: the {measures} measures are the Declaration's proposals
        as recorded.
      </p>
    );
  }
  return (
    <>
      <p>
        Version {adopted.number} is adopted{adopted.adoptedAt ? `, since ${day(adopted.adoptedAt)}` : ""}.{adopted.note ? ` ${adopted.note}` : ""}
      </p>
      {adopted.basedOn ? (
        <VersionDiff partnership={partnership} from={adopted.basedOn.number} to={adopted.number} />
      ) : (
        <p>It is the first version: there is none before it to compare with.</p>
      )}
    </>
  );
}

function VersionDiff({ partnership, from, to }: { partnership: string; from: number; to: number }) {
  const loaded = useDocument<DiffData>("PlanDiff", { partnership, from, to }, `${from}-${to}`);
  if (loaded.state === "loading") return <Loading what={`the changes since version ${from}`} />;
  if (loaded.state === "failed") return <Failed what={`the changes since version ${from}`} message={loaded.message} />;
  const { added, withdrawn, changed } = loaded.data.actionPlanDiff;
  if (added.length + withdrawn.length + changed.length === 0) return <p>Nothing changed from version {from}.</p>;
  return (
    <>
      <p>
        What changed from version {from}: {plural(added.length, "measure")} added, {withdrawn.length} withdrawn, {changed.length} changed.
      </p>
      <ul>
        {added.map((m) => (
          <li key={`a-${m.code}`}>
            Added {m.code}, “{m.title}”.
          </li>
        ))}
        {withdrawn.map((m) => (
          <li key={`w-${m.code}`}>
            Withdrew {m.code}, “{m.title}”{m.withdrawalReason ? `, because: ${m.withdrawalReason}` : ""}.
          </li>
        ))}
        {changed.map((m) => (
          <li key={`c-${m.code}`}>
            Changed {m.code}:{" "}
            {m.changes.map((change) => `${words(change.field).toLowerCase()} from “${change.from ?? "nothing"}” to “${change.to ?? "nothing"}”`).join("; ")}.
          </li>
        ))}
      </ul>
    </>
  );
}
