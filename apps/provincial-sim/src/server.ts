// The simulator's HTTP front. Every system of the list is served at /<system path>/<method>
// from the database-backed ports (the same generator's data the gateway seeds), after the fault
// plan has had its say. /<system path>/openapi.json describes each system; /_admin/faults
// changes the faults at run time; /healthz and /_admin/calls tell what it has served.
import type { Database } from "@popfam/db";
import { BatchRequest, databasePorts, encodeResults, readJsonBody, SYSTEMS, type BatchMethod, type Contract, type System } from "@popfam/sources";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { FaultController, FaultSettings } from "./faults.js";
import { openApiDocument } from "./openapi.js";

export interface SimulatorOptions {
  db: Database;
  host?: string;
  port?: number;
  /** When set, every call must carry `Authorization: Bearer <token>`. */
  token?: string;
  faults?: FaultSettings;
  birthReportWindowDays?: number;
  log?: (line: string) => void;
}

export interface RunningSimulator {
  url: string;
  server: Server;
  faults: FaultController;
  /** Calls answered or refused, by `SYSTEM.method` and outcome. */
  calls(): Record<string, number>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 5_000_000;
const BY_PATH = new Map<string, System>(SYSTEMS.map((system) => [system.path, system]));

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const log = options.log ?? (() => {});
  const ports = databasePorts(options.db, { birthReportWindowDays: options.birthReportWindowDays ?? 30 });
  const faults = new FaultController(options.faults);
  const counts = new Map<string, number>();
  const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  let baseUrl = "";

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`request failed: ${String(error)}`);
      if (!response.headersSent) sendJson(response, 500, { error: { code: "INTERNAL", message: "internal error" } });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://simulator.invalid");
    const [first, second, ...rest] = url.pathname.split("/").filter(Boolean);
    if (url.pathname === "/healthz") return sendJson(response, 200, { status: "ok", database: options.db.kind, systems: SYSTEMS.map((s) => s.path) });
    if (first === "_admin") return admin(second, request, response);
    const system = first ? BY_PATH.get(first) : undefined;
    if (!system || !second || rest.length > 0) return sendJson(response, 404, { error: { code: "NOT_FOUND", message: `no such endpoint: ${url.pathname}` } });
    if (second === "openapi.json" && request.method === "GET") return sendJson(response, 200, openApiDocument(system.code, baseUrl));
    if (request.method !== "POST") return sendJson(response, 405, { error: { code: "METHOD_NOT_ALLOWED", message: "batch endpoints take POST" } });
    return call(system, second, request, response);
  }

  async function call(system: System, method: string, request: IncomingMessage, response: ServerResponse) {
    // Only the contract's own methods: the database-only ones, and anything inherited, are not served.
    const operation = Object.hasOwn(system.contract, method) ? (system.contract as Contract)[method] : undefined;
    if (!operation) return sendJson(response, 404, { error: { code: "NOT_FOUND", message: `${system.path} has no method ${method}` } });
    if (options.token && request.headers.authorization !== `Bearer ${options.token}`) {
      count(`${system.code}.${method}:unauthorized`);
      return sendJson(response, 401, { error: { code: "UNAUTHORIZED", message: "a valid bearer token is required" } });
    }
    const decision = faults.decide(system.code);
    if (decision.kind === "cut") {
      count(`${system.code}.${method}:cut`);
      request.socket.destroy();
      return;
    }
    if (!(await waitUnlessClosed(request, decision.delayMs))) {
      count(`${system.code}.${method}:abandoned`);
      return;
    }
    if (decision.kind === "error") {
      count(`${system.code}.${method}:error`);
      return sendJson(response, 503, { error: { code: "UNAVAILABLE", message: `${system.nameZh} is unavailable (simulated)` } });
    }
    const body = await readJsonBody(request, MAX_BODY_BYTES);
    const parsed = body instanceof Error ? null : BatchRequest.extend({ keys: z.array(operation.key).max(1000) }).safeParse(body);
    if (!parsed?.success) {
      count(`${system.code}.${method}:rejected`);
      const message = body instanceof Error ? body.message : parsed!.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      return sendJson(response, 400, { error: { code: "BAD_REQUEST", message } });
    }
    const port = ports[system.code] as unknown as Record<string, BatchMethod<unknown, unknown>>;
    const values = await port[method]!(parsed.data.keys);
    count(`${system.code}.${method}`);
    return sendJson(response, 200, { results: encodeResults(values) });
  }

  async function admin(action: string | undefined, request: IncomingMessage, response: ServerResponse) {
    if (action === "calls" && request.method === "GET") return sendJson(response, 200, Object.fromEntries([...counts].sort()));
    if (action !== "faults") return sendJson(response, 404, { error: { code: "NOT_FOUND", message: "admin endpoints: /_admin/faults, /_admin/calls" } });
    if (request.method === "GET") return sendJson(response, 200, faults.current());
    if (request.method !== "PUT") return sendJson(response, 405, { error: { code: "METHOD_NOT_ALLOWED", message: "GET or PUT the fault settings" } });
    const body = await readJsonBody(request, MAX_BODY_BYTES);
    const parsed = body instanceof Error ? null : FaultSettings.safeParse(body ?? {});
    if (!parsed?.success) {
      const message = body instanceof Error ? body.message : parsed!.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      return sendJson(response, 400, { error: { code: "BAD_REQUEST", message } });
    }
    faults.replace(parsed.data);
    log(`faults: ${JSON.stringify(parsed.data)}`);
    return sendJson(response, 200, faults.current());
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    url: baseUrl,
    server,
    faults,
    calls: () => Object.fromEntries([...counts].sort()),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Waits, unless the caller hangs up first (its timeout fired): then no answer is worked out. */
function waitUnlessClosed(request: IncomingMessage, ms: number): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      request.socket.off("close", onClose);
      resolve(true);
    }, ms);
    request.socket.once("close", onClose);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.statusCode = status;
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.end(JSON.stringify(body));
}
