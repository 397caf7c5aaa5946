import { useState } from "preact/hooks";

/**
 * The CSV exports an auditor takes away (the service's /exports routes). A link cannot send the
 * Authorization header the exports answer to, so each file is fetched with the tab's token and
 * handed to the browser as a download from memory (a Blob): the token never goes in an address.
 */
const EXPORTS = (partnership: string) => [
  {
    file: "measures.csv",
    path: `/exports/measures.csv?partnershipCode=${encodeURIComponent(partnership)}`,
    what: `Every measure of ${partnership} with its status, deadline, leads and contributors.`,
  },
  {
    file: "funding-summary.csv",
    path: `/exports/funding-summary.csv?partnershipCode=${encodeURIComponent(partnership)}&groupBy=INSTRUMENT,YEAR`,
    what: "Budgets, commitments and disbursements by instrument and year, per currency, as exact decimals.",
  },
  {
    file: "audit-log.csv",
    path: "/exports/audit-log.csv",
    what: "The audit trail: every change, who made it, and the state before and after.",
  },
];

type Outcome = { kind: "done" | "failed"; text: string };

export function Downloads({ partnership, token }: { partnership: string; token: string }) {
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [busy, setBusy] = useState<string | null>(null);
  return (
    <>
      <p>An auditor reads everything and changes nothing: the plan, the money and the statistics are in the other views, and these files hold them for your own tools.</p>
      <ul class="downloads">
        {EXPORTS(partnership).map(({ file, path, what }) => {
          const outcome = outcomes[file];
          return (
            <li key={file}>
              <button
                type="button"
                disabled={busy !== null}
                aria-describedby={`about-${file}`}
                onClick={async () => {
                  setBusy(file);
                  const result = await download(path, file, token).then(
                    (bytes): Outcome => ({ kind: "done", text: `${file} downloaded (${bytes.toLocaleString("en")} bytes).` }),
                    (error: Error): Outcome => ({ kind: "failed", text: `${file} could not be downloaded: ${error.message}` }),
                  );
                  setOutcomes((all) => ({ ...all, [file]: result }));
                  setBusy(null);
                }}
              >
                Download {file}
              </button>
              <p id={`about-${file}`} class="meta">
                {what}
              </p>
              {outcome ? (
                <p role={outcome.kind === "done" ? "status" : "alert"} class={outcome.kind}>
                  {outcome.text}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** Fetches an export with the token and saves it under the server's file name; gives its size in bytes. */
async function download(path: string, fallbackName: string, token: string): Promise<number> {
  const response = await fetch(new URL(path, location.href), { headers: { authorization: `Bearer ${token}` } });
  // The exports answer errors as plain text.
  if (!response.ok) throw new Error((await response.text()).trim() || `the server answered HTTP ${response.status}`);
  const blob = await response.blob();
  const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  // The browser has taken the file once the click is handled; the memory can go after a while.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return blob.size;
}
