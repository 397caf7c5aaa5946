import { useDocument } from "../api";
import { BarChart } from "../charts";
import { decimal } from "../format";
import { Failed, Loading } from "../status";
import { ColumnHeads } from "../table";

interface StatisticsData {
  indicators: {
    code: string;
    title: string;
    unit: string;
    theme: { code: string; title: string } | null;
    observations: {
      periodLabel: string;
      periodStart: string;
      geography: string;
      value: string;
      qualifier: string;
      asStated: string;
      locator: string | null;
      source: { title: string; publisher: string | null; year: number | null };
    }[];
  }[];
}

/** The brief's series people ask for first: work permits, then visas and tourists, then the rest. */
const THEME_ORDER = ["LABOUR_MOBILITY", "VISA_ISSUES"];

export function StatisticsView() {
  const loaded = useDocument<StatisticsData>("Statistics", {});
  if (loaded.state === "loading") return <Loading what="the statistics" />;
  if (loaded.state === "failed") return <Failed what="the statistics" message={loaded.message} />;
  const themes = new Map<string, { title: string; indicators: StatisticsData["indicators"] }>();
  for (const indicator of loaded.data.indicators) {
    const key = indicator.theme?.code ?? "";
    const theme = themes.get(key) ?? { title: indicator.theme?.title ?? "Other figures", indicators: [] };
    theme.indicators.push(indicator);
    themes.set(key, theme);
  }
  const rank = (code: string) => (THEME_ORDER.includes(code) ? THEME_ORDER.indexOf(code) : THEME_ORDER.length);
  const ordered = [...themes.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  return (
    <>
      <h2>The statistics</h2>
      <p>
        The brief's figures, series by series: each figure as printed in its source (with the source and where in it), the value read from it,
        and a small chart where a series has more than one figure.
      </p>
      {ordered.map(([code, theme]) => (
        <section key={code} aria-labelledby={`theme-${code}`}>
          <h3 id={`theme-${code}`}>{theme.title}</h3>
          <div class="series-grid">
            {theme.indicators.map((indicator) => (
              <Series key={indicator.code} indicator={indicator} />
            ))}
          </div>
        </section>
      ))}
    </>
  );
}

function Series({ indicator }: { indicator: StatisticsData["indicators"][number] }) {
  const id = `indicator-${indicator.code}`;
  return (
    <article class="series" aria-labelledby={id}>
      <h4 id={id}>{indicator.title}</h4>
      {indicator.observations.length > 1 ? (
        <BarChart
          caption={`In ${indicator.unit}`}
          bars={indicator.observations.map((o, index) => ({
            key: String(index),
            label: `${o.periodLabel}, ${o.geography}`,
            value: o.value,
            shown: decimal(o.value),
          }))}
        />
      ) : null}
      <div class="table-scroll" role="region" aria-label={`Figures: ${indicator.title}`} tabIndex={0}>
        <table>
          <caption>Unit: {indicator.unit}</caption>
          <ColumnHeads names={["Period", "Where", "As printed", "Source"]} />
          <tbody>
            {indicator.observations.map((o, index) => (
              <tr key={index}>
                <th scope="row">{o.periodLabel}</th>
                <td>{o.geography}</td>
                <td class="number">{o.asStated}</td>
                <td>
                  {o.source.title}
                  {o.locator ? `, ${o.locator}` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}
