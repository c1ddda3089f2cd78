// A load generator process (see generator.ts): runs each load it is sent and answers with what it
// measured. Its minimal SQL goes through a pg Pool of its own (connected when first used); it ends
// when the bench disconnects.
import pg from "pg";
import { inProcessGenerator, type GeneratorReply, type GeneratorRequest } from "./generator.js";
import { poolRunner } from "./paths.js";

const pool = new pg.Pool({ connectionString: process.env.BENCH_DATABASE_URL, max: Number(process.env.BENCH_POOL_SIZE ?? 10) });
const generator = inProcessGenerator(poolRunner(pool));

process.on("message", (request: GeneratorRequest) => {
  generator.run(request.target, request.body, request.statements, request.plan).then(
    (load) => process.send!({ id: request.id, load } satisfies GeneratorReply),
    (error: unknown) => process.send!({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies GeneratorReply),
  );
});
process.on("disconnect", () => void pool.end().finally(() => process.exit(0)));
