// A test kit for the gateway over real HTTP: a seeded database, a gateway on an ephemeral port of
// 127.0.0.1, tokens for any principal, and a GraphQL client that returns status and body.
import type { Database } from "@popfam/db";
import { openSeededTestDatabase, testDatabaseTargets, type TestDatabaseTarget } from "@popfam/db/testing";
import type { LoaderOptions, Ports } from "@popfam/sources";
import { signToken, type TokenInput } from "../src/auth/tokens.js";
import { loadConfig, type GatewayConfig } from "../src/env.js";
import { startGateway, type RunningGateway } from "../src/http/server.js";
import { createLogger, type Logger } from "../src/observability/index.js";
import { Writable } from "node:stream";

export const TEST_SECRET = "test-secret-of-at-least-thirty-two-characters";

export interface GraphQLResponse<Data = Record<string, unknown>> {
  status: number;
  body: { data?: Data | null; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };
}

export interface TestGateway {
  db: Database;
  gateway: RunningGateway;
  config: GatewayConfig;
  token(input: Partial<TokenInput> & Pick<TokenInput, "jurisdiction">): Promise<string>;
  query<Data = Record<string, any>>(
    query: string,
    options?: { variables?: Record<string, unknown>; token?: string; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<Data>>;
  close(): Promise<void>;
}

export async function startTestGateway(
  options: {
    env?: Record<string, string>;
    target?: TestDatabaseTarget;
    db?: Database;
    ports?: (db: Database) => Ports;
    loaderOptions?: LoaderOptions;
    /** Today for the writes' date rules (default: the real date). */
    today?: string;
  } = {},
): Promise<TestGateway> {
  const db = options.db ?? (await openSeededTestDatabase(options.target ?? testDatabaseTargets()[0]!));
  // Every test query runs compiled from its first run, as a repeated one does in production.
  const config = loadConfig({ NODE_ENV: "test", HOST: "127.0.0.1", PORT: "0", JWT_SECRET: TEST_SECRET, GRAPHQL_COMPILE_AFTER: "1", ...options.env });
  const clock = options.today === undefined ? undefined : () => options.today!;
  const gateway = await startGateway({ config, db, ports: options.ports?.(db), loaderOptions: options.loaderOptions, clock });
  return {
    db,
    gateway,
    config,
    token: (input) => signToken(config.auth, { subject: "tester", role: "OFFICER", ...input }),
    async query(query, { variables, token, headers } = {}) {
      const response = await fetch(gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as GraphQLResponse["body"] } as never;
    },
    async close() {
      await gateway.close();
      if (!options.db) await db.close();
    },
  };
}

export const codesOf = (response: GraphQLResponse) => (response.body.errors ?? []).map((e) => e.extensions?.code);

/** A logger at `info` whose JSON lines are parsed into `lines` as they are written. */
export function capturedLog(): { logger: Logger; lines: Record<string, any>[] } {
  const lines: Record<string, any>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      callback();
    },
  });
  return { logger: createLogger("info", sink), lines };
}

/**
 * Writes a birth (through Prisma, as an upstream system would) in village 320722101001 to a mother
 * of its township, on `birthDate` (reported the next day); the returned function removes it.
 */
export async function writeBirth(db: Database, id: string, birthDate: string, sex: "MALE" | "FEMALE" = "FEMALE"): Promise<() => Promise<void>> {
  const mother = (await db.sql.query<{ id: string; id_number: string }>(
    `SELECT id, id_number FROM person WHERE residence_region_code LIKE '320722101%' AND sex = 'FEMALE' LIMIT 1`,
  ))[0]!;
  const born = new Date(`${birthDate}T00:00:00Z`);
  await db.prisma.birth.create({
    data: {
      id, motherPersonId: mother.id, motherIdNumber: mother.id_number, sex, birthDate: born, birthOrder: 1,
      regionCode: "320722101001", channel: "BIRTH_CERTIFICATE", reportedOn: new Date(born.getTime() + 86_400_000), keyItemsChecked: true, keyItemsMatch: true, policyConforming: true,
    },
  });
  return async () => void (await db.prisma.birth.delete({ where: { id } }));
}
