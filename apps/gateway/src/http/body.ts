// The request body of a POST: read as JSON up to MAX_BODY_BYTES. A larger body is answered 413
// with a JSON error, not a reset connection: the rest of the body is read and thrown away (up to
// a cap) so that the client, still sending, gets to read the answer.
import type { IncomingMessage, ServerResponse } from "node:http";

export type Body = { kind: "json"; value: unknown } | { kind: "invalid"; message: string } | { kind: "too-large"; message: string; drained: boolean };

/** Beyond this many bytes (or a declared Content-Length above it) the rest is not drained: the answer goes at once and the connection is closed. */
const DRAIN_FACTOR = 16;

export function readBody(request: IncomingMessage, maxBytes: number): Promise<Body> {
  return new Promise((resolve, reject) => {
    const tooLarge = (drained: boolean): Body => ({ kind: "too-large", message: `the request body is larger than ${maxBytes} bytes (MAX_BODY_BYTES)`, drained });
    const declared = Number(request.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBytes * DRAIN_FACTOR) return resolve(tooLarge(false));
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes * DRAIN_FACTOR) {
        request.removeAllListeners("data");
        request.pause();
        return resolve(tooLarge(false));
      }
      if (size > maxBytes) over = true;
      if (!over) chunks.push(chunk);
    });
    request.on("end", () => {
      if (over) return resolve(tooLarge(true));
      const text = Buffer.concat(chunks).toString("utf8");
      if (!text) return resolve({ kind: "json", value: undefined });
      try {
        resolve({ kind: "json", value: JSON.parse(text) });
      } catch {
        resolve({ kind: "invalid", message: "the request body is not valid JSON" });
      }
    });
    request.on("error", reject);
  });
}

/** 413 with a JSON error; when the body was not read to its end, the connection closes after the answer. */
export function sendTooLarge(response: ServerResponse, body: Extract<Body, { kind: "too-large" }>) {
  response.statusCode = 413;
  response.setHeader("content-type", "application/json");
  if (!body.drained) response.setHeader("connection", "close");
  response.end(JSON.stringify({ errors: [{ message: body.message, extensions: { code: "PAYLOAD_TOO_LARGE" } }] }));
}

/** The operation's name as the body states it (`operationName`, else the document's first named operation). */
export function operationNameOf(body: unknown): string | null {
  if (!body || typeof body !== "object") return null;
  const { operationName, query } = body as { operationName?: unknown; query?: unknown };
  if (typeof operationName === "string" && operationName) return operationName.slice(0, 100);
  if (typeof query !== "string") return null;
  return /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]{0,99})/.exec(query)?.[1] ?? null;
}
