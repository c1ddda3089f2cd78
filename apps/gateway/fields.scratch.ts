import { openGatewayDatabase } from "./src/database.js";
import { loadConfig } from "./src/env.js";
import { startGateway } from "./src/http/server.js";

const config = loadConfig({ ...process.env, PORT: "0", HOST: "127.0.0.1" });
const db = await openGatewayDatabase(config, () => {});
const gateway = await startGateway({ config, db, log: () => {} });
const region = process.argv[2] ?? "320722";
const runs = Number(process.argv[3] ?? 5);
const only = process.argv[4];
const fields: Record<string, string> = {
  code: `code`,
  indicators: `indicators(period: "2024") { code value }`,
  targetPopulation: `targetPopulation(year: 2024) { assessed eligible eligibleUndecided }`,
  eligibilityAssessments: `eligibilityAssessments(year: 2024, eligible: true, undecidedOnly: true, first: 20) { edges { node { name } } }`,
  eligibilityAssessmentsAll: `eligibilityAssessments(year: 2024, first: 100) { edges { node { name } } }`,
  fundEstimate: `fundEstimate(year: 2024) { total { fen } }`,
  paid: `paid(year: 2024) { beneficiaries }`,
  rosterReconciliation: `rosterReconciliation(programCode: "RURAL_REWARD", year: 2024, asOf: "2024-12-31") { entries mismatched }`,
  assistancePrograms: `assistancePrograms(year: 2024) { code rate(regionCode: "320722", on: "2024-06-01") { total { yuan } } }`,
  birthLinkage: `birthLinkage(period: "2024") { births findingCounts { kind count } }`,
  specialFamilies: `specialFamilies(period: "2025", first: 20) { totalCount }`,
  specialFamiliesLacking: `specialFamilies(period: "2025", lacking: [CONTACT_PERSON, HOLIDAY_VISIT], first: 20) { totalCount edges { node { id coverageGaps(period: "2025") } } }`,
  persons: `persons(first: 100) { edges { node { name } } }`,
  births: `births(first: 100) { edges { node { id } } }`,
  beneficiaries: `beneficiaries(year: 2024, first: 100) { edges { node { id } } }`,
};
for (const [name, selection] of Object.entries(fields)) {
  if (only && !only.split(",").includes(name)) continue;
  const times: number[] = [];
  let error = "";
  for (let i = 0; i < runs + 1; i++) {
    const t = performance.now();
    const res = await fetch(gateway.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: `{ region(code: "${region}") { ${selection} } }` }) });
    const body = (await res.json()) as { errors?: { message: string }[] };
    if (body.errors) error = body.errors[0]!.message.slice(0, 120);
    if (i > 0) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(26)} median ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms  min ${times[0]!.toFixed(1)}  ${error}`);
}
await gateway.close();
await db.close();
