// What every write command of a database adapter does first: its idempotency key looked up in the
// one table of commands (idempotent_command, kept by triggers on every table a mutation writes),
// so that a key names one command across every mutation. The same key and the same command
// answers the first write; the same key for another mutation, or with other values, is CONFLICT.
import { type Clock } from "@popfam/domain";
import { requestHash, type SqlClient } from "@popfam/db";
import { idempotencyConflict, rejectCommand } from "./errors.js";
import { readOne, type TableSpec } from "./table.js";

/**
 * A mutation's name as the command table keeps it: the trigger on the table it writes names it
 * (see the migrations: `idempotent_command_register('<mutation>')`), and so does its adapter.
 */
export type MutationName = string;

/**
 * Runs one command under its idempotency key, inside the caller's transaction (which holds the
 * key's lock, see runCommands): a first use runs `write`, whose insert registers the key with the
 * request hash it is given and which returns the id of the record it wrote; a repeat writes
 * nothing. Either way the answer is that record, read back from `resultTable`.
 */
export async function idempotentCommand<Result>(
  tx: SqlClient,
  mutation: MutationName,
  command: { idempotencyKey: string } & Record<string, unknown>,
  resultTable: TableSpec<Result>,
  write: (hash: string) => Promise<string>,
): Promise<Result> {
  const hash = requestHash(command);
  const rows = await tx.query<{ mutation: string; request_hash: string; result_id: string }>(
    `SELECT mutation, request_hash, result_id FROM idempotent_command WHERE idempotency_key = $1`,
    [command.idempotencyKey],
  );
  const previous = rows[0];
  if (previous) {
    if (previous.mutation !== mutation) throw idempotencyConflict(command.idempotencyKey, "another mutation");
    if (previous.request_hash !== hash) throw idempotencyConflict(command.idempotencyKey, "another command");
  }
  const id = previous ? previous.result_id : await write(hash);
  return (await readOne(tx, resultTable, `t.id = $1`, [id]))!.record;
}

/** Today in China Standard Time (UTC+8, no daylight saving): the day a clerk writes on. */
export const chinaClock: Clock = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Refuses a command that breaks a domain rule: the first broken rule, naming its field. */
export function rejectIssues(issues: readonly { field: string; reason: string; message: string }[]): void {
  const [first] = issues;
  if (first) throw rejectCommand("INVALID_INPUT", first.reason, `${first.field} ${first.message}`, first.field);
}

/**
 * Registers the key of a command that changes a record rather than inserting one (no table's
 * trigger sees it), in the command's transaction: a second use of the key is then a repeat or a
 * conflict like any other.
 */
export async function registerCommand(tx: SqlClient, mutation: MutationName, idempotencyKey: string, hash: string, resultId: string): Promise<void> {
  await tx.query(`INSERT INTO idempotent_command (idempotency_key, mutation, request_hash, result_id) VALUES ($1, $2, $3, $4)`, [idempotencyKey, mutation, hash, resultId]);
}
