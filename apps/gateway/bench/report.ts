// The report: markdown tables, ready to paste into the README. One table per database with every
// path of every query side by side, then the ratios (gateway ÷ minimal SQL, ÷ minimal server,
// ÷ naive), then the README rows.
import os from "node:os";
import type { Summary } from "./measure.js";
import { PATH_KINDS, type PathKind } from "./paths.js";

export interface QueryReport {
  title: string;
  description: string;
  summaries: Summary[];
  notes: string[];
}

const fixed = (n: number | null, digits: number) => (n === null || Number.isNaN(n) ? "–" : n.toFixed(digits));
const ms = (n: number | null) => (n === null || Number.isNaN(n) ? "–" : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));

/** A ratio with two significant digits or more: ×0.043, ×0.61, ×6.2, ×30. */
const times = (ratio: number) => (Number.isFinite(ratio) ? `×${ratio >= 10 ? ratio.toFixed(0) : ratio >= 1 ? ratio.toFixed(1) : ratio.toPrecision(2)}` : "–");

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(" | ")} |`, `|${header.map((_, i) => (i < 2 ? "---" : "--:")).join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
}

export function describeMachine(database: string): string {
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  const [one, five] = os.loadavg();
  return `${os.cpus().length} cores (${cpu}), load average ${one!.toFixed(1)} / ${five!.toFixed(1)} (1 / 5 min), Node ${process.version}; ${database}`;
}

export function comparisonTable(reports: QueryReport[], connections: number, loaded: boolean): string {
  const header = loaded
    ? ["query", "path", `req/s @${connections}`, `p50 / p99 ms @${connections}`, "p50 ms @1", "SQL/req", `CPU % server / db / generator @${connections}`, "CPU ms/req"]
    : ["query", "path", "p50 ms @1", "SQL/req"];
  const rows: string[][] = [];
  for (const report of reports) {
    const ordered = PATH_KINDS.flatMap((kind) => report.summaries.filter((s) => s.kind === kind));
    for (const [i, s] of ordered.entries()) {
      const title = i === 0 ? report.title : "";
      const failed = s.failures > 0 ? ` (${s.failures} failed)` : "";
      if (!loaded) {
        rows.push([title, s.kind + failed, ms(s.p50Alone), fixed(s.statementsPerRequest, 1)]);
        continue;
      }
      const cpu = s.cpu ? `${fixed(s.cpu.server, 0)} / ${fixed(s.cpu.database, 0)} / ${fixed(s.cpu.generator, 0)}` : "–";
      rows.push([title, s.kind + failed, fixed(s.perSecond, 0), `${ms(s.p50)} / ${ms(s.p99)}`, ms(s.p50Alone), fixed(s.statementsPerRequest, 1), cpu, fixed(s.cpuMsPerRequest, 2)]);
    }
  }
  return table(header, rows);
}

/** gateway ÷ other: how many times the other's p50 the gateway's is, and its req/s as a share of the other's. */
export function ratioTable(reports: QueryReport[], loaded: boolean): string {
  const others: PathKind[] = ["minimal SQL", "minimal server", "naive"];
  const workers = loaded && reports.some((report) => report.summaries.some((s) => s.kind === "2 workers"));
  const header = ["query", ...others.map((kind) => `gateway ÷ ${kind}`), ...(workers ? ["2 workers: req/s ÷ minimal SQL, ÷ minimal server"] : [])];
  const rows = reports.map((report) => {
    const summary = (kind: PathKind) => report.summaries.find((s) => s.kind === kind);
    const gateway = summary("gateway");
    const perSecond = (a: Summary | undefined, b: Summary | undefined) => (a?.perSecond && b?.perSecond ? times(a.perSecond / b.perSecond) : "–");
    return [
      report.title,
      ...others.map((kind) => {
        const other = summary(kind);
        if (!gateway || !other) return "–";
        const p50 = `p50 ${times(gateway.p50Alone / other.p50Alone)}`;
        if (!loaded || gateway.perSecond === null || other.perSecond === null) return p50;
        return `${p50}, req/s ${times(gateway.perSecond / other.perSecond)}`;
      }),
      ...(workers ? [`${perSecond(summary("2 workers"), summary("minimal SQL"))}, ${perSecond(summary("2 workers"), summary("minimal server"))}`] : []),
    ];
  });
  return table(header, rows);
}

export interface ReadmeRow {
  title: string;
  /** p50 / p99 by path name, or an error. */
  paths: Record<string, { p50: number; p99: number } | { error: string }>;
}

export function readmeTable(rows: ReadmeRow[], pathNames: string[], targetMs: number): string {
  const header = ["README example", ...pathNames.map((name) => `${name} p50 / p99 ms`), `under ${targetMs} ms`];
  return table(
    header,
    rows.map((row) => {
      const first = row.paths[pathNames[0]!];
      const under = first && "p50" in first ? (first.p50 < targetMs ? "yes" : "**no**") : "–";
      return [
        row.title.replace(/^README: /, ""),
        ...pathNames.map((name) => {
          const cell = row.paths[name];
          return !cell ? "–" : "error" in cell ? `error: ${cell.error.slice(0, 80)}` : `${ms(cell.p50)} / ${ms(cell.p99)}`;
        }),
        under,
      ];
    }),
  );
}
