import { useState } from "preact/hooks";
import { ApiError, claimsOf, run, useDocument, type Claims } from "../api";
import { day, statusWords } from "../format";
import { Failed, Loading } from "../status";
import { Downloads } from "./downloads";

interface Mine {
  id: string;
  code: string;
  title: string;
  status: string;
  version: number;
  deadline: string | null;
  nextStatuses: string[];
  leads: { code: string }[];
}

interface MyMeasuresData {
  measures: { nodes: Mine[] };
}

/** What the signed-in view is called: an auditor's holds the CSV downloads. */
export function mineLabel(token: string | null): string {
  if (!token) return "Sign in";
  return claimsOf(token)?.role === "AUDITOR" ? "CSV downloads" : "My measures";
}

/** The moves the plan's rules give a reason for (README, "Status rules"); the server says so too. */
const needsReason = (from: string, to: string) => to === "ON_HOLD" || to === "WITHDRAWN" || (from === "COMPLETED" && to === "IN_PROGRESS");

/** Signing in with a pasted token, then the measures of the signed-in ministry (all of them for the coordinator), or an auditor's CSV downloads. */
export function MineView({ partnership, token, onToken, revision }: { partnership: string; token: string | null; onToken(token: string | null): void; revision: string }) {
  if (!token) return <SignIn onToken={onToken} />;
  const claims = claimsOf(token) ?? {};
  return (
    <>
      <h2>{mineLabel(token)}</h2>
      <p>
        Signed in as {claims.sub ?? "someone"}
        {claims.role ? `, ${claims.role.toLowerCase()}` : ""}
        {claims.signatory ? ` for ${claims.signatory}` : ""}.{" "}
        <button type="button" class="link" onClick={() => onToken(null)}>
          Sign out
        </button>
      </p>
      {claims.role === "AUDITOR" ? <Downloads partnership={partnership} token={token} /> : <MyMeasures partnership={partnership} claims={claims} revision={revision} />}
    </>
  );
}

function SignIn({ onToken }: { onToken(token: string): void }) {
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <>
      <h2>Sign in</h2>
      <p>
        Paste the token your administrator gave you. It is kept in this tab only (its session storage) and forgotten when the tab closes; it is
        sent to this server and nowhere else.
      </p>
      <form
        class="sign-in"
        onSubmit={(event) => {
          event.preventDefault();
          const token = text.trim();
          if (claimsOf(token) === null) setProblem("This is not a token: a token is three parts separated by dots.");
          else onToken(token);
        }}
      >
        <label for="token">Token</label>
        <textarea id="token" rows={4} value={text} aria-describedby={problem ? "token-problem" : undefined} onInput={(event) => setText((event.target as HTMLTextAreaElement).value)} />
        {problem ? (
          <p id="token-problem" role="alert" class="failed">
            {problem}
          </p>
        ) : null}
        <button type="submit">Sign in</button>
      </form>
    </>
  );
}

function MyMeasures({ partnership, claims, revision }: { partnership: string; claims: Claims; revision: string }) {
  // Moves made here: the list is read again after each, as after each live change.
  const [moves, setMoves] = useState(0);
  // What became of the last move on each measure.
  const [notices, setNotices] = useState<Record<string, Outcome>>({});
  const signatory = claims.role === "MINISTRY" ? (claims.signatory ?? null) : null;
  const loaded = useDocument<MyMeasuresData>("MyMeasures", { partnership, signatory }, `${signatory}`, `${revision}-${moves}`);
  if (loaded.state === "loading") return <Loading what="your measures" />;
  if (loaded.state === "failed") return <Failed what="your measures" message={loaded.message} />;
  const nodes = loaded.data.measures.nodes;
  return (
    <>
      <p>
        {signatory ? `The ${nodes.length} measures ${signatory} leads or contributes to.` : `All ${nodes.length} measures.`} A measure can be moved
        to the statuses open to you.
      </p>
      <ul class="mine">
        {nodes.map((m) => {
          const notice = notices[m.code];
          return (
            <li key={m.code}>
              <h3 id={`mine-${m.code}`}>
                {m.code}: {m.title}
              </h3>
              <p class="meta">
                {statusWords(m.status)} · version {m.version} · {m.deadline ? `deadline ${day(m.deadline)}` : "no deadline"}
              </p>
              {notice ? (
                <p role={notice.kind === "done" ? "status" : "alert"} class={notice.kind === "done" ? "done" : "failed"}>
                  {notice.kind === "conflict" ? explainConflict(m, notice) : notice.text}
                </p>
              ) : null}
              <MoveForm
                measure={m}
                onOutcome={(outcome, moved) => {
                  setNotices((all) => ({ ...all, [m.code]: outcome }));
                  if (moved) setMoves((n) => n + 1);
                }}
              />
            </li>
          );
        })}
      </ul>
    </>
  );
}

interface SetStatusData {
  setMeasureStatus: { measure: { code: string; status: string; version: number } };
}

type Outcome = { kind: "done" | "failed"; text: string } | { kind: "conflict"; to: string; currentVersion: number | null };

function MoveForm({ measure, onOutcome }: { measure: Mine; onOutcome(outcome: Outcome, moved: boolean): void }) {
  // The measure as it was when the person began this move. A live change does not rewrite a form
  // being filled in: a move chosen on an older state is sent as such, and the API's conflict says why it was refused.
  const [begun, setBegun] = useState<Mine | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const basis = begun ?? measure;
  const begin = () => setBegun((earlier) => earlier ?? measure);
  const reset = () => {
    setBegun(null);
    setChosen(null);
    setReason("");
  };
  if (basis.nextStatuses.length === 0) return <p class="meta">No move is open to you on this measure.</p>;
  const to = chosen ?? basis.nextStatuses[0]!;
  const id = (part: string) => `${part}-${measure.code}`;
  const reasonRequired = needsReason(basis.status, to);
  return (
    <form
      class="move"
      aria-labelledby={`mine-${measure.code}`}
      onSubmit={async (event) => {
        event.preventDefault();
        if (reasonRequired && reason.trim() === "") {
          onOutcome({ kind: "failed", text: `Moving ${measure.code} to ${statusWords(to).toLowerCase()} needs a reason: say why in the box.` }, false);
          return;
        }
        setBusy(true);
        try {
          const done = await run<SetStatusData>("SetMeasureStatus", {
            input: { measureId: basis.id, expectedVersion: basis.version, status: to, reason: reason.trim() || null },
          });
          reset();
          onOutcome({ kind: "done", text: `${measure.code} is now ${statusWords(done.setMeasureStatus.measure.status).toLowerCase()}.` }, true);
        } catch (error) {
          if (error instanceof ApiError && error.code === "CONFLICT") {
            // The form starts again from the measure as it is now, which the list reads again.
            reset();
            const currentVersion = typeof error.extensions.currentVersion === "number" ? error.extensions.currentVersion : null;
            onOutcome({ kind: "conflict", to, currentVersion }, true);
          } else onOutcome({ kind: "failed", text: explain(error) }, false);
        } finally {
          setBusy(false);
        }
      }}
    >
      <label for={id("to")}>Move to</label>
      <select
        id={id("to")}
        value={to}
        onChange={(event) => {
          begin();
          setChosen((event.target as HTMLSelectElement).value);
        }}
      >
        {basis.nextStatuses.map((status) => (
          <option key={status} value={status}>
            {statusWords(status)}
          </option>
        ))}
      </select>
      <label for={id("reason")}>Reason{reasonRequired ? " (required)" : " (optional)"}</label>
      <textarea
        id={id("reason")}
        rows={2}
        aria-required={reasonRequired}
        value={reason}
        onInput={(event) => {
          begin();
          setReason((event.target as HTMLTextAreaElement).value);
        }}
      />
      <button type="submit" disabled={busy}>
        Move
      </button>
    </form>
  );
}

/** A version conflict in words, with the measure's current state once the page has read it. */
function explainConflict(measure: Mine, { to, currentVersion }: { to: string; currentVersion: number | null }): string {
  const refused = `Your move of ${measure.code} to ${statusWords(to).toLowerCase()} was not made: someone else changed the measure after you began this move.`;
  if (currentVersion !== null && measure.version < currentVersion) return `${refused} It is now at version ${currentVersion}; its current state is being read.`;
  return `${refused} It is now ${statusWords(measure.status).toLowerCase()} (version ${measure.version}): look at it and choose again.`;
}

/** Any other refusal in words a desk officer can act on. */
function explain(error: unknown): string {
  if (!(error instanceof ApiError)) return `The move was not made: ${(error as Error).message}`;
  if (error.code === "FORBIDDEN" || error.code === "UNAUTHENTICATED") return `The move was not made: you may not make it (${error.message}).`;
  return `The move was not made: ${error.message}`;
}
