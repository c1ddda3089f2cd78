// Starts a bench server (gateway.ts, minimal-dashboard.ts) as a child process from the sources,
// the way the gateway's scripts run TypeScript, and waits for the JSON line that gives its URL.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface ServerProcess {
  name: string;
  url: string;
  metricsUrl: string;
  pid: number;
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 180_000;

export async function spawnServer(name: string, script: "gateway.ts" | "minimal-dashboard.ts", args: string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ["--max-semi-space-size=64", "--conditions=@popfam/source", "--import", "tsx", fileURLToPath(new URL(script, import.meta.url)), ...args], {
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const stderr: string[] = [];
  let listening = false;
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 50) stderr.shift();
    // Its start-up lines (the database, migrations pending...) are shown; later ones only if it fails to start.
    if (!listening) process.stdout.write(chunk.toString().replace(/^\[gateway \d+\] /gm, `[${name}] `));
  });
  const started = await new Promise<{ url: string; metricsUrl: string; pid: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: no URL after ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      if (!line.startsWith("{")) return;
      clearTimeout(timer);
      listening = true;
      resolve(JSON.parse(line) as { url: string; metricsUrl: string; pid: number });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before it listened:\n${stderr.join("").slice(-2000)}`));
    });
  });
  return {
    name,
    ...started,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
