/**
 * Figures a fault check saw, printed as one block per check (on stderr, beside jest's own
 * output) so that a CI log shows them whether the check passed or not.
 */
export function report(check: string, figures: Record<string, unknown>): void {
  const lines = Object.entries(figures).map(([key, value]) => `  ${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
  process.stderr.write(`\n[fault:${check}]\n${lines.join("\n")}\n`);
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The end of what a server wrote on stderr (its crashes), if anything. */
export function reportServerStderr(check: string, server: { stderr(): string }): void {
  const errors = server.stderr().trim();
  if (errors) process.stderr.write(`[fault:${check}] server stderr:\n${errors.slice(-4000)}\n`);
}
