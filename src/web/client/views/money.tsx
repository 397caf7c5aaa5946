import { useDocument } from "../api";
import { BarChart, type Bar } from "../charts";
import { day, money, qualifierWords, words } from "../format";
import { Failed, Loading } from "../status";
import { ColumnHeads } from "../table";

interface MoneyData {
  fundingSummary: {
    rows: { currency: string; year: number | null; instrument: { code: string; name: string } | null; budget: string; committed: string; disbursed: string }[];
    totals: { currency: string; budget: string; committed: string; disbursed: string }[];
    allocations: {
      periodStart: string;
      periodEnd: string;
      qualifier: string;
      asStated: string | null;
      amount: { amount: string; currency: string };
      instrument: { code: string; name: string };
      recipient: { code: string } | null;
    }[];
  };
  projects: {
    nodes: {
      code: string;
      title: string;
      status: string;
      instrument: { code: string; name: string } | null;
      budgets: { amount: { amount: string; currency: string }; qualifier: string; asStated: string | null; status: string; valueDate: string }[];
      transactionTotals: { type: string; amount: { amount: string; currency: string } }[];
    }[];
  };
}

const NO_INSTRUMENT = "No instrument recorded";
const years = (start: string, end: string) => (start.slice(0, 4) === end.slice(0, 4) ? start.slice(0, 4) : `${start.slice(0, 4)}–${end.slice(0, 4)}`);

export function MoneyView() {
  const loaded = useDocument<MoneyData>("Money", {});
  if (loaded.state === "loading") return <Loading what="the money" />;
  if (loaded.state === "failed") return <Failed what="the money" message={loaded.message} />;
  const { fundingSummary, projects } = loaded.data;
  const currencies = [...new Set([...fundingSummary.allocations.map((a) => a.amount.currency), ...fundingSummary.rows.map((r) => r.currency)])].sort();
  return (
    <>
      <h2>The money</h2>
      <p>
        Funding by instrument and year, one chart per currency (amounts are never converted here), with the exact figures in the table beside
        it: allocations of an instrument as the sources state them, and the budgets of projects, with what was committed and disbursed.
      </p>
      {currencies.map((currency) => (
        <CurrencySection key={currency} currency={currency} summary={fundingSummary} />
      ))}
      <section aria-labelledby="projects-heading">
        <h3 id="projects-heading">Projects: budgets, commitments and disbursements</h3>
        <div class="table-scroll" role="region" aria-labelledby="projects-heading" tabIndex={0}>
          <table>
            <caption>Each project's budgets as stated, and the money recorded as committed and disbursed</caption>
            <ColumnHeads names={["Project", "Instrument", "Budget", "Committed", "Disbursed"]} />
            <tbody>
              {projects.nodes.map((project) => (
                <tr key={project.code}>
                  <th scope="row">
                    {project.title}
                    <span class="meta">
                      {project.code} · {words(project.status).toLowerCase()}
                    </span>
                  </th>
                  <td>{project.instrument?.name ?? NO_INSTRUMENT}</td>
                  <td>
                    {project.budgets.length === 0
                      ? "None stated"
                      : project.budgets.map((budget, index) => (
                          <span class="figure" key={index}>
                            {money(budget.amount.amount, budget.amount.currency)} ({words(budget.status).toLowerCase()}, {day(budget.valueDate)}
                            {budget.asStated ? `; printed “${budget.asStated}”` : ""})
                          </span>
                        ))}
                  </td>
                  <td>{transactionTotal(project, "OUTGOING_COMMITMENT")}</td>
                  <td>{transactionTotal(project, "DISBURSEMENT")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

function transactionTotal(project: MoneyData["projects"]["nodes"][number], type: string): string {
  const totals = project.transactionTotals.filter((total) => total.type === type);
  return totals.length === 0 ? "None recorded" : totals.map((total) => money(total.amount.amount, total.amount.currency)).join("; ");
}

function CurrencySection({ currency, summary }: { currency: string; summary: MoneyData["fundingSummary"] }) {
  const allocations = summary.allocations.filter((a) => a.amount.currency === currency);
  const rows = summary.rows.filter((r) => r.currency === currency);
  const total = summary.totals.find((t) => t.currency === currency);
  const bars: Bar[] = [
    ...allocations.map((a, index) => ({
      key: `a${index}`,
      label: `${a.instrument.name} allocation, ${years(a.periodStart, a.periodEnd)}`,
      value: a.amount.amount,
      shown: `${qualifierWords(a.qualifier)} ${money(a.amount.amount, currency)}`.trim(),
    })),
    ...rows.map((r, index) => ({
      key: `r${index}`,
      label: `${r.instrument?.name ?? NO_INSTRUMENT}: project budgets, ${r.year ?? "year unknown"}`,
      value: r.budget,
      shown: money(r.budget, currency),
    })),
  ];
  const headingId = `money-${currency}`;
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId}>Funding by instrument and year, in {currency}</h3>
      <div class="chart-and-table">
        <BarChart caption={`Allocations and project budgets in ${currency}`} bars={bars} />
        <div class="table-scroll" role="region" aria-label={`Exact figures in ${currency}`} tabIndex={0}>
          <table>
            <caption>Allocations in {currency}, exact figures</caption>
            <ColumnHeads names={["Instrument", "Period", "Amount", "As printed"]} />
            <tbody>
              {allocations.length === 0 ? (
                <tr>
                  <td colSpan={4}>No allocation recorded in {currency}.</td>
                </tr>
              ) : (
                allocations.map((a, index) => (
                  <tr key={index}>
                    <th scope="row">
                      {a.instrument.name} ({a.instrument.code})
                    </th>
                    <td>
                      {day(a.periodStart)} to {day(a.periodEnd)}
                    </td>
                    <td class="number">{`${qualifierWords(a.qualifier)} ${money(a.amount.amount, currency)}`.trim()}</td>
                    <td>{a.asStated ?? ""}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
          <table>
            <caption>Project budgets in {currency} by instrument and year, exact figures</caption>
            <ColumnHeads names={["Instrument", "Year", "Budget", "Committed", "Disbursed"]} />
            <tbody>
              {rows.map((r, index) => (
                <tr key={index}>
                  <th scope="row">{r.instrument?.name ?? NO_INSTRUMENT}</th>
                  <td>{r.year ?? "Unknown"}</td>
                  <td class="number">{money(r.budget, currency)}</td>
                  <td class="number">{money(r.committed, currency)}</td>
                  <td class="number">{money(r.disbursed, currency)}</td>
                </tr>
              ))}
            </tbody>
            {total ? (
              <tfoot>
                <tr>
                  <th scope="row" colSpan={2}>
                    All projects
                  </th>
                  <td class="number">{money(total.budget, currency)}</td>
                  <td class="number">{money(total.committed, currency)}</td>
                  <td class="number">{money(total.disbursed, currency)}</td>
                </tr>
              </tfoot>
            ) : null}
          </table>
        </div>
      </div>
    </section>
  );
}
