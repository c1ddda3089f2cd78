export { openDatabase, openMigratedDatabase, createPrismaClient } from "./client.js";
export type { Database, DatabaseOptions, Prisma } from "./client.js";
export { migrate, listMigrations, migrationsDir } from "./migrate.js";
export type { Migration } from "./migrate.js";
export type { SqlClient, SqlValue, DatabaseKind } from "./sql.js";
export { UnboundedQueryError } from "./guard-rails.js";
export { DataDirInUseError } from "./data-dir-lock.js";
export * as models from "./generated/prisma/models.js";
export { defaultDataDir } from "./paths.js";
