// The load generator: N workers, each sending its next request as soon as its last one is answered
// (a closed loop, as autocannon does), for a duration or a number of requests. The same loop
// drives every path, an HTTP server or a statement run through a pg Pool, so they are loaded alike.
import http from "node:http";

/** One request: resolves when answered well, rejects with the reason otherwise. */
export type Send = () => Promise<void>;

export interface LoadRun {
  /** The latency of each request answered well, in ms, sorted. */
  latencies: number[];
  /** Failed requests (non-200, an `errors` member, a refused connection...). */
  failures: number;
  /** The first few distinct failure messages. */
  failureMessages: string[];
  wallMs: number;
}

export interface LoadPlan {
  connections: number;
  /** Stop starting requests after this many ms... */
  durationMs?: number;
  /** ...or after this many requests. */
  requests?: number;
}

export async function runLoad(send: Send, plan: LoadPlan): Promise<LoadRun> {
  const latencies: number[] = [];
  const messages = new Set<string>();
  let failures = 0;
  let started = 0;
  const begin = performance.now();
  const deadline = plan.durationMs === undefined ? Infinity : begin + plan.durationMs;
  const limit = plan.requests ?? Infinity;
  const worker = async () => {
    while (started < limit && performance.now() < deadline) {
      started++;
      const t0 = performance.now();
      try {
        await send();
        latencies.push(performance.now() - t0);
      } catch (error) {
        failures++;
        if (messages.size < 3) messages.add(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: plan.connections }, worker));
  return { latencies: latencies.sort((a, b) => a - b), failures, failureMessages: [...messages], wallMs: performance.now() - begin };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * A sender that POSTs one JSON body (with any extra headers: a bearer token) to a URL over keep-alive connections (one agent per run, as
 * many sockets as connections). A status other than 200, or a body with an `errors` member, fails.
 */
export function httpPoster(url: string, body: string, connections: number, extraHeaders: Record<string, string> = {}): { send: Send; close(): void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const payload = Buffer.from(body);
  const headers = { ...extraHeaders, "content-type": "application/json", "content-length": String(payload.length) };
  const send: Send = () =>
    new Promise<void>((resolve, reject) => {
      const request = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: "POST", agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if (response.statusCode !== 200) reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`));
          // The answers are {"data":...} first; an error list anywhere fails the request.
          else if (text.includes('"errors":')) reject(new Error(`errors: ${text.slice(text.indexOf('"errors":'), text.indexOf('"errors":') + 200)}`));
          else resolve();
        });
        response.on("error", reject);
      });
      request.on("error", reject);
      request.end(payload);
    });
  return { send, close: () => agent.destroy() };
}

/** POSTs once and returns the parsed answer's `data` (an error if not a 200 with data and no errors). */
export async function postOnce(url: string, body: string, extraHeaders: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(url, { method: "POST", headers: { ...extraHeaders, "content-type": "application/json" }, body });
  const result = (await response.json()) as { data?: unknown; errors?: { message?: string }[] };
  if (response.status !== 200 || result.errors !== undefined || result.data === undefined) {
    const messages = (result.errors ?? []).map((e) => e.message ?? JSON.stringify(e));
    throw new Error(`HTTP ${response.status} with ${messages.length > 0 ? `errors: ${messages.join("; ")}` : "no data"}`);
  }
  return result.data;
}
