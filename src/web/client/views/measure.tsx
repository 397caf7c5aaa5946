import { useState } from "preact/hooks";
import { useDocument } from "../api";
import { day, statusWords, words } from "../format";
import { Failed, Loading } from "../status";

interface MeasureData {
  measure: {
    code: string;
    title: string;
    description: string;
    status: string;
    deadline: string | null;
    overdue: boolean;
    locator: string | null;
    policyArea: { title: string };
    responsibilities: { role: string; isAssumption: boolean; signatory: { code: string; name: string } }[];
    organisations: { role: string; organisation: { code: string; name: string } }[];
    statusHistory: { fromStatus: string | null; toStatus: string; reason: string | null; changedAt: string }[];
    progressUpdates: { text: string; evidenceUrl: string | null; createdAt: string }[];
    projects: { code: string; title: string; status: string }[];
    legalActs: { relation: string; legalAct: { code: string; title: string; status: string } }[];
    source: { title: string } | null;
  } | null;
}

interface MeasureListData {
  measures: { nodes: { code: string; title: string }[] };
}

/** `revision` moves with each live change to a measure: the one shown is read again (its status, its timeline). */
export function MeasureView({ partnership, code, revision }: { partnership: string; code: string | undefined; revision: string }) {
  return (
    <>
      <h2>A measure</h2>
      <MeasurePicker partnership={partnership} code={code} />
      {code ? <MeasureDetails partnership={partnership} code={code} revision={revision} /> : <p>Choose a measure above, or one from the plan's list.</p>}
    </>
  );
}

function MeasurePicker({ partnership, code }: { partnership: string; code: string | undefined }) {
  const loaded = useDocument<MeasureListData>("MeasureList", { partnership }, partnership);
  const [chosen, setChosen] = useState(code ?? "");
  if (loaded.state !== "done") return null;
  return (
    <form
      class="picker"
      onSubmit={(event) => {
        event.preventDefault();
        if (chosen) location.hash = `#/measure/${encodeURIComponent(chosen)}`;
      }}
    >
      <label for="measure-choice">Measure</label>
      <select id="measure-choice" value={chosen} onChange={(event) => setChosen((event.target as HTMLSelectElement).value)}>
        <option value="">Choose…</option>
        {loaded.data.measures.nodes.map((m) => (
          <option key={m.code} value={m.code}>
            {m.code}: {m.title}
          </option>
        ))}
      </select>
      <button type="submit">Show</button>
    </form>
  );
}

function MeasureDetails({ partnership, code, revision }: { partnership: string; code: string; revision: string }) {
  const loaded = useDocument<MeasureData>("Measure", { partnership, code }, code, revision);
  if (loaded.state === "loading") return <Loading what={`measure ${code}`} />;
  if (loaded.state === "failed") return <Failed what={`measure ${code}`} message={loaded.message} />;
  const m = loaded.data.measure;
  if (!m) return <Failed what={`measure ${code}`} message={`There is no measure ${code} in ${partnership}.`} />;
  const leads = m.responsibilities.filter((r) => r.role === "LEAD");
  const contributors = m.responsibilities.filter((r) => r.role !== "LEAD");
  return (
    <article aria-labelledby="measure-title">
      <h3 id="measure-title">
        {m.code}: {m.title}
      </h3>
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          {statusWords(m.status)}
          {m.overdue ? " (overdue)" : ""}
        </dd>
        <dt>Deadline</dt>
        <dd>{m.deadline ? day(m.deadline) : "None set"}</dd>
        <dt>Policy area</dt>
        <dd>{m.policyArea.title}</dd>
        {m.source ? (
          <>
            <dt>Source</dt>
            <dd>
              {m.source.title}
              {m.locator ? `, ${m.locator}` : ""}
            </dd>
          </>
        ) : null}
      </dl>
      <h4>Text</h4>
      <p class="measure-text">{m.description}</p>

      <h4>Leads and contributors</h4>
      <dl class="facts">
        <dt>Lead{leads.length === 1 ? "" : "s"}</dt>
        <dd>{leads.map((r) => `${r.signatory.name} (${r.signatory.code})${r.isAssumption ? ", a reading of the text" : ""}`).join("; ") || "None named"}</dd>
        <dt>Contributors</dt>
        <dd>{contributors.map((r) => `${r.signatory.name} (${r.signatory.code})${r.isAssumption ? ", a reading of the text" : ""}`).join("; ") || "None named"}</dd>
        {m.organisations.length > 0 ? (
          <>
            <dt>Organisations</dt>
            <dd>{m.organisations.map((o) => `${o.organisation.name} (${words(o.role).toLowerCase()})`).join("; ")}</dd>
          </>
        ) : null}
      </dl>

      <h4>Status history</h4>
      <ol class="timeline">
        {m.statusHistory.map((change, index) => (
          <li key={index}>
            <time dateTime={change.changedAt}>{day(change.changedAt)}</time>
            <span>
              {change.fromStatus ? `${statusWords(change.fromStatus)} → ` : "Recorded as "}
              {statusWords(change.toStatus)}
            </span>
            {change.reason ? <span class="meta">Reason: {change.reason}</span> : null}
          </li>
        ))}
      </ol>

      <h4>Progress notes</h4>
      {m.progressUpdates.length === 0 ? (
        <p>No progress notes yet.</p>
      ) : (
        <ul>
          {m.progressUpdates.map((note, index) => (
            <li key={index}>
              <time dateTime={note.createdAt}>{day(note.createdAt)}</time>: {note.text}
              {note.evidenceUrl ? <span class="meta"> Evidence: {note.evidenceUrl}</span> : null}
            </li>
          ))}
        </ul>
      )}

      <h4>Linked projects</h4>
      {m.projects.length === 0 ? (
        <p>No project is linked to this measure.</p>
      ) : (
        <ul>
          {m.projects.map((project) => (
            <li key={project.code}>
              {project.code}: {project.title} ({words(project.status).toLowerCase()})
            </li>
          ))}
        </ul>
      )}

      <h4>Agreements</h4>
      {m.legalActs.length === 0 ? (
        <p>No agreement is linked to this measure.</p>
      ) : (
        <ul>
          {m.legalActs.map((link) => (
            <li key={link.legalAct.code}>
              {words(link.relation)}: {link.legalAct.title} ({link.legalAct.code}, {words(link.legalAct.status).toLowerCase()})
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
