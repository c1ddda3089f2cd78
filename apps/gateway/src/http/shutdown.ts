// The graceful drain on SIGTERM: stop accepting connections, answer /readyz with 503 on the
// connections still open, let the requests in flight finish (their connections close after the
// response), and cut whatever is left at the deadline (SHUTDOWN_TIMEOUT_MS). The caller then
// closes the database and exits.
import type { Server } from "node:http";

export interface DrainResult {
  /** Requests that were still running at the deadline (their connections were cut). */
  cut: number;
  elapsedMs: number;
}

/** Counts the requests in flight on `server`; call once, before the server listens or right after. */
export function trackRequests(server: Server): { inFlight(): number; draining: boolean } {
  const state = { count: 0, draining: false, inFlight: () => state.count };
  server.on("request", (_request, response) => {
    state.count++;
    // During a drain, a response closes its connection when it is done (Connection: close).
    if (state.draining) response.shouldKeepAlive = false;
    response.once("close", () => state.count--);
  });
  return state;
}

export async function drainServer(server: Server, tracker: ReturnType<typeof trackRequests>, timeoutMs: number): Promise<DrainResult> {
  const started = performance.now();
  tracker.draining = true;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive connections between requests are closed now, and each connection whose request
  // finishes is closed as it becomes idle.
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"deadline">((resolve) => {
    timer = setTimeout(() => resolve("deadline"), timeoutMs);
  });
  try {
    const outcome = await Promise.race([closed, deadline]);
    if (outcome === "deadline") {
      const cut = tracker.inFlight();
      server.closeAllConnections();
      await closed;
      return { cut, elapsedMs: performance.now() - started };
    }
    return { cut: 0, elapsedMs: performance.now() - started };
  } finally {
    clearInterval(sweep);
    clearTimeout(timer);
  }
}
