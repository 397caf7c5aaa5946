import { send } from "./http";
import { sleep } from "./process";

export interface Probe {
  at: number;
  ms: number;
  status: number;
}

/** Polls /readyz every `everyMs` until stopped, as a load balancer would. */
export function watchReadiness(origin: string, everyMs = 100) {
  const probes: Probe[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const reply = await send(origin, { method: "GET", path: "/readyz", timeoutMs: 5_000 });
      probes.push({ at: reply.started, ms: reply.ms, status: reply.status });
      await sleep(everyMs);
    }
  })();
  return {
    probes,
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** The statuses in order with repeats collapsed, e.g. [200, 503, 200]. */
export const transitions = (probes: Probe[]): number[] =>
  probes.map((p) => p.status).filter((status, i, all) => i === 0 || all[i - 1] !== status);
