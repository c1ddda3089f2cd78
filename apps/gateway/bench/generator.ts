// Where a path's load is generated. On PostgreSQL each path has a generator process of its own
// (generator-child.ts): a generator that has just driven one path drives the next one worse. Run
// in the bench's process, the pg Pool of the minimal SQL path left the same process ~70% more CPU
// per HTTP request afterwards (0.25 against 0.14 ms), and a gateway loaded by it then did 950
// requests a second instead of 1,130. On the embedded database everything stays in the bench's
// process, since one process holds the data (the generator is then in-process).
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { httpPoster, runLoad, type LoadPlan, type LoadRun, type Send } from "./load.js";
import type { RunSql } from "./queries.js";

/** What a generator loads: a GraphQL endpoint over HTTP, or the minimal SQL through its own connections. */
export type LoadTarget = { kind: "http"; url: string; headers: Record<string, string> } | { kind: "sql" };

export interface Statement {
  text: string;
  params: unknown[];
}

export interface GeneratedLoad extends LoadRun {
  /** CPU ms the generator spent on this run. */
  generatorMs: number;
  /** SQL statements the generator itself ran (the minimal SQL path). */
  statementsRun: number;
}

export interface LoadGenerator {
  /** Sends `body` (HTTP) or runs `statements` (SQL) in a closed loop as the plan says. */
  run(target: LoadTarget, body: string, statements: Statement[], plan: LoadPlan): Promise<GeneratedLoad>;
  close(): Promise<void>;
}

/** A generator in this process; the minimal SQL goes through `runSql`. */
export function inProcessGenerator(runSql: RunSql): LoadGenerator {
  return {
    async run(target, body, statements, plan) {
      let statementsRun = 0;
      const poster = target.kind === "http" ? httpPoster(target.url, body, plan.connections, target.headers) : null;
      const send: Send = poster
        ? poster.send
        : async () => {
            for (const statement of statements) {
              statementsRun++;
              await runSql(statement.text, statement.params);
            }
          };
      const before = process.cpuUsage();
      try {
        const run = await runLoad(send, plan);
        const used = process.cpuUsage(before);
        return { ...run, generatorMs: (used.user + used.system) / 1000, statementsRun };
      } finally {
        poster?.close();
      }
    },
    close: async () => {},
  };
}

export interface GeneratorRequest {
  id: number;
  target: LoadTarget;
  body: string;
  statements: Statement[];
  plan: LoadPlan;
}

export type GeneratorReply = { id: number; load: GeneratedLoad } | { id: number; error: string };

/** A generator process of its own; its SQL, if any, through a pg Pool of `poolSize` connections to `databaseUrl`. */
export async function startGeneratorProcess(database: { url: string; poolSize: number }): Promise<LoadGenerator> {
  const child: ChildProcess = fork(fileURLToPath(new URL("generator-child.ts", import.meta.url)), [], {
    execArgv: ["--conditions=@popfam/source", "--import", "tsx"],
    env: { ...process.env, BENCH_DATABASE_URL: database.url, BENCH_POOL_SIZE: String(database.poolSize) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const pending = new Map<number, { resolve(load: GeneratedLoad): void; reject(error: Error): void }>();
  let next = 0;
  child.on("message", (reply: GeneratorReply) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if ("error" in reply) waiter?.reject(new Error(reply.error));
    else waiter?.resolve(reply.load);
  });
  child.once("exit", (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`the load generator exited (${code})`));
    pending.clear();
  });
  return {
    run(target, body, statements, plan) {
      const id = next++;
      return new Promise<GeneratedLoad>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ id, target, body, statements, plan } satisfies GeneratorRequest);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.disconnect();
      }),
  };
}
