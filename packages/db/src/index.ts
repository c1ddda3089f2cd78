export { openDatabase, openMigratedDatabase, migrateDatabase, createPrismaClient, ADVISORY_LOCKS } from "./client.js";
export type { Database, DatabaseOptions, PoolStats, Prisma } from "./client.js";
export { migrate, listMigrations, migrationsDir, migrationStatus } from "./migrate.js";
export type { Migration, MigrationStatus } from "./migrate.js";
export type { SqlClient, SqlValue, DatabaseKind } from "./sql.js";
export { statementsSent } from "./sql.js";
export { UnboundedQueryError } from "./guard-rails.js";
export { DataDirInUseError } from "./data-dir-lock.js";
export * as models from "./generated/prisma/models.js";
export { defaultDataDir } from "./paths.js";
export { requestHash, canonicalJson } from "./request-hash.js";
export {
  verifyAuditChain, archiveAuditLog, verifyArchiveFile, retentionCutoff, chainHash, GENESIS_HASH, AUDIT_RETENTION_MONTHS,
} from "./audit-chain.js";
export type { ChainVerification, ChainBreak, ArchiveResult, ArchiveFileVerification } from "./audit-chain.js";
export { rolesSql, APPEND_ONLY_TABLES, READ_ONLY_TABLES } from "./roles.js";
export type { RolesOptions } from "./roles.js";
