import { Region } from "@popfam/domain";
import type { SqlClient, SqlValue } from "@popfam/db";
import { invalidRecord } from "../errors.js";
import { readByKeys, toPages } from "../table.js";
import type { PortOf } from "../http/contract.js";
import type { ChildrenQuery, regionDirectoryContract } from "./contract.js";

const select = `code, name, level::text AS level, parent_code AS "parentCode"`;

export function regionDirectoryFromDatabase(sql: SqlClient): PortOf<typeof regionDirectoryContract> {
  return {
    async regionsByCodes(codes) {
      return readByKeys(sql, `SELECT ${select} FROM region WHERE code = ANY($1::text[])`, codes, "code", Region, "REGION_DIRECTORY");
    },
    async childrenPages(queries: readonly ChildrenQuery[]) {
      const rows = await sql.query<Record<string, unknown> & { query_index: string | number; total: string | number }>(
        `SELECT q.query_index, page.*,
                (SELECT count(*) FROM region c WHERE c.parent_code = q.parent_code) AS total
         FROM unnest($1::text[], $2::text[], $3::int[]) WITH ORDINALITY AS q(parent_code, after_code, row_limit, query_index)
         LEFT JOIN LATERAL (
           SELECT ${select} FROM region r
           WHERE r.parent_code = q.parent_code AND (q.after_code IS NULL OR r.code > q.after_code)
           ORDER BY r.code LIMIT q.row_limit
         ) page ON true
         ORDER BY q.query_index, page.code`,
        [queries.map((q) => q.parentCode), queries.map((q) => q.after), queries.map((q) => q.first + 1)] as SqlValue[],
      );
      const totals = new Map(rows.map((row) => [Number(row.query_index) - 1, Number(row.total)]));
      // A parent with no children still has its row (LEFT JOIN) for the total; it holds no region.
      const pages = toPages<Region>(
        rows.filter((row) => row.code !== null),
        queries,
        ({ total: _, ...fields }) => {
          const parsed = Region.safeParse(fields);
          return parsed.success ? parsed.data : invalidRecord("REGION_DIRECTORY", `region ${String(fields.code)}`, parsed.error.issues);
        },
      );
      return pages.map((page, index) => (page instanceof Error ? page : { ...page, totalCount: totals.get(index) ?? 0 }));
    },
  };
}
