// CORS: pages of the origins listed in CORS_ORIGINS (a district dashboard on another host) may call
// the graph with a bearer token and an access reason; any other origin gets no CORS headers, so
// the browser keeps its page from reading the answer (and, for a request with Authorization,
// from sending it at all: the preflight fails). Built on the `cors` middleware.
import cors from "cors";
import type { IncomingMessage, ServerResponse } from "node:http";

/** Headers a page may send: the token, JSON, the access reason, and Apollo's CSRF-prevention header. */
const ALLOWED_HEADERS = ["Authorization", "Content-Type", "X-Access-Reason", "Apollo-Require-Preflight", "X-Apollo-Operation-Name"];
/** Headers a page may read: the vendor quota's. */
const EXPOSED_HEADERS = ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After"];

/**
 * Returns a handler that sets the CORS headers of a request and answers a preflight (OPTIONS);
 * it resolves to true when it has answered.
 */
export function corsHandler(origins: readonly string[]) {
  const allowed = new Set(origins);
  const middleware = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    methods: ["GET", "POST"],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
  return (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    // The answer depends on the origin: caches must keep one per origin, allowed or not.
    response.setHeader("vary", "Origin");
    return new Promise((resolve, reject) => {
      middleware(request, response, (error?: unknown) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        // Not an allowed origin's preflight (the middleware answers those): any other OPTIONS gets no CORS headers.
        if (request.method === "OPTIONS") {
          response.statusCode = 204;
          response.end();
          return resolve(true);
        }
        resolve(false);
      });
      if (response.writableEnded) resolve(true);
    });
  };
}
