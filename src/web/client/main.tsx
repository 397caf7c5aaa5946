import { render } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { partnershipCode, storedToken, storeToken } from "./api";
import { useLive, type Connection } from "./live";
import { mineLabel, MineView } from "./views/mine";
import { MeasureView } from "./views/measure";
import { MoneyView } from "./views/money";
import { PlanView } from "./views/plan";
import { StatisticsView } from "./views/statistics";
import "./scoreboard.css";

/**
 * The scoreboard's shell: a heading, a navigation of five views and the view the address's
 * fragment names (#/plan, #/measure/SOC-1, #/money, #/statistics, #/mine), so that each view has an
 * address to share and the browser's back button works.
 */

type Route = { view: "plan" } | { view: "measure"; code: string | undefined } | { view: "money" } | { view: "statistics" } | { view: "mine" };

function routeOf(hash: string): Route {
  const [view, code] = hash.replace(/^#\/?/, "").split("/");
  if (view === "measure") return { view, code: code ? decodeURIComponent(code) : undefined };
  if (view === "money" || view === "statistics" || view === "mine") return { view };
  return { view: "plan" };
}

const VIEWS = [
  { view: "plan", href: "#/plan", label: "The plan" },
  { view: "measure", href: "#/measure", label: "A measure" },
  { view: "money", href: "#/money", label: "The money" },
  { view: "statistics", href: "#/statistics", label: "The statistics" },
  // Named after who is signed in (src/web/client/views/mine.tsx).
  { view: "mine", href: "#/mine", label: null },
] as const;

const LIVE_WORDS: Record<Connection, string> = {
  connecting: "Connecting for live updates…",
  live: "Live: changes made anywhere appear here as they are made.",
  reconnecting: "Live updates interrupted: reconnecting, then the changes missed meanwhile are shown.",
  refused: "Live updates stopped: the server refused your token. Sign in again.",
};

function App() {
  const [route, setRoute] = useState(() => routeOf(location.hash));
  const [token, setToken] = useState(storedToken);
  const onToken = (next: string | null) => {
    storeToken(next);
    setToken(next);
  };
  const labelOf = (v: (typeof VIEWS)[number]) => v.label ?? mineLabel(token);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    const onChange = () => setRoute(routeOf(location.hash));
    addEventListener("hashchange", onChange);
    return () => removeEventListener("hashchange", onChange);
  }, []);
  useEffect(() => {
    // After a move to another view, the keyboard and screen reader continue from its start.
    if (first.current) first.current = false;
    else main.current?.focus();
    document.title = `${labelOf(VIEWS.find((v) => v.view === route.view)!)} · Mobility partnership scoreboard`;
  }, [route.view, route.view === "measure" ? route.code : "", token]);
  const partnership = partnershipCode();
  const live = useLive(partnership, token);
  return (
    <>
      <a class="skip" href="#content">
        Skip to the content
      </a>
      <header>
        <h1>Mobility partnership scoreboard</h1>
        <p class="subtitle">{partnership}: where the plan stands, from the public API</p>
        <nav aria-label="Views">
          <ul>
            {VIEWS.map((v) => (
              <li key={v.view}>
                <a href={v.href} aria-current={route.view === v.view ? "page" : undefined}>
                  {labelOf(v)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="content" ref={main} tabIndex={-1}>
        {route.view === "plan" ? <PlanView partnership={partnership} revision={`${live.measures}-${live.plan}`} /> : null}
        {route.view === "measure" ? <MeasureView partnership={partnership} code={route.code} revision={`${live.measures}`} /> : null}
        {route.view === "money" ? <MoneyView /> : null}
        {route.view === "statistics" ? <StatisticsView /> : null}
        {route.view === "mine" ? <MineView partnership={partnership} token={token} onToken={onToken} revision={`${live.measures}`} /> : null}
      </main>
      <footer>
        <p>
          Figures come from the service's GraphQL API at <code>/graphql</code>, the same queries any frontend can send.{" "}
          <span class="live">{LIVE_WORDS[live.connection]}</span>
        </p>
      </footer>
    </>
  );
}

render(<App />, document.getElementById("app")!);
