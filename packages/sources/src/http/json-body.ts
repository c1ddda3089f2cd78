import type { IncomingMessage } from "node:http";

/**
 * Reads a request body as JSON: undefined when empty, an Error (to answer 400 with) when too
 * large or not JSON. A body over the limit is not buffered further.
 */
export function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        resolve(new Error(`the request body is larger than ${maxBytes} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      if (!text) return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        resolve(new Error("the request body is not valid JSON"));
      }
    });
    request.on("error", reject);
  });
}
