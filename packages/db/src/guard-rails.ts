// Refuses bulk reads and writes whose `where` is missing or empty: such a call is almost always
// a bug (a filter that came out undefined), and on the registry it would touch every resident.
import { Prisma } from "./generated/prisma/client.js";

const guarded = new Set(["findMany", "updateMany", "deleteMany"]);

export class UnboundedQueryError extends Error {
  constructor(model: string, operation: string) {
    super(`${model}.${operation} needs a non-empty where (or an explicit take for findMany)`);
    this.name = "UnboundedQueryError";
  }
}

export const guardRails = Prisma.defineExtension({
  name: "guard-rails",
  query: {
    $allModels: {
      async $allOperations({ model, operation, args, query }) {
        if (guarded.has(operation)) {
          const a = (args ?? {}) as { where?: object; take?: number };
          const emptyWhere = !a.where || Object.keys(a.where).length === 0;
          const bounded = operation === "findMany" && typeof a.take === "number";
          if (emptyWhere && !bounded) throw new UnboundedQueryError(model, operation);
        }
        return query(args);
      },
    },
  },
});
