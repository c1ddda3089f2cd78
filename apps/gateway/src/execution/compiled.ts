// Compiled execution: an operation asked again is compiled, once, into a plain function that calls
// the schema's resolvers and builds the answer (graphql-jit), instead of graphql-js walking the
// document for every object of every request. A page of 100 persons is some 800 fields;
// interpreted, each is a round of lookups and promise checks. Compiling costs about as much as a
// few runs (1–3 ms for a dashboard, tens of ms for a document of 60 aliases), so a document runs
// interpreted until its `compileAfter`th run: dashboards and registered operations, asked all
// day, are compiled; a one-off is not, and a stream of distinct documents cannot make the
// gateway compile at every request.
//
// It plugs into Apollo Server as its executor (Apollo's gateway interface): parsing, validation,
// the plugins and the formatting of errors stay Apollo's, only the execution changes. The compiled
// functions are kept beside Apollo's parsed documents (a WeakMap on the document), so they live
// exactly as long as Apollo's document cache keeps the document.
import type { GatewayExecutor, GatewayInterface } from "@apollo/server-gateway-interface";
import { execute, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";

type Run = (context: unknown, variables: Record<string, unknown>) => Promise<ExecutionResult> | ExecutionResult;

/** What the executor has done since it started (read by /metrics). */
export interface ExecutionStats {
  /** Operations run by their compiled function. */
  compiledRuns: number;
  /** Operations run interpreted: a document's runs before it is compiled, or one that could not be. */
  interpretedRuns: number;
  /** Documents (operations) compiled. */
  compilations: number;
}

export interface CompiledExecution {
  /** Apollo Server's `gateway` option. */
  gateway: GatewayInterface;
  stats: ExecutionStats;
}

export function compiledExecution(schema: GraphQLSchema, options: { compileAfter: number; log: (line: string) => void }): CompiledExecution {
  const { compileAfter, log } = options;
  const stats: ExecutionStats = { compiledRuns: 0, interpretedRuns: 0, compilations: 0 };
  // Per document and operation: its compiled function, or how many times it has run interpreted.
  const runs = new WeakMap<DocumentNode, Map<string, Run | number>>();

  const interpreted = (document: DocumentNode, operationName: string | undefined): Run => (context, variables) => {
    stats.interpretedRuns++;
    return execute({ schema, document, operationName, contextValue: context, variableValues: variables });
  };

  function compile(document: DocumentNode, operationName: string | undefined): Run {
    let why: string;
    try {
      // Errors are not given a stack of their own (a production answer shows none, and capturing one is most of an error's cost).
      const compiled = compileQuery(schema, document, operationName, { disablingCapturingStackErrors: true });
      if (isCompiledQuery(compiled)) {
        stats.compilations++;
        const query = (compiled as CompiledQuery).query;
        const fallback = interpreted(document, operationName);
        return (context, variables) => {
          const result = query(undefined, context, variables);
          // No `data` at all: the request failed before anything ran (a variable of the wrong
          // type). graphql-js says so in the words Apollo knows for the caller's input error
          // (BAD_USER_INPUT); nothing has run, so it is asked again.
          if (!isPromise(result) && !("data" in result)) return fallback(context, variables);
          stats.compiledRuns++;
          return isPromise(result) ? result.then(withGraphQLErrors) : withGraphQLErrors(result);
        };
      }
      why = compiled.errors?.[0]?.message ?? "not compiled";
    } catch (error) {
      why = error instanceof Error ? error.message : String(error);
    }
    // The document was validated: an operation it cannot compile runs interpreted rather than fail.
    log(`compiled execution: operation ${operationName ?? "(anonymous)"} runs interpreted (${why})`);
    return interpreted(document, operationName);
  }

  const executor: GatewayExecutor = async (requestContext) => {
    const { document, request, context } = requestContext;
    const operationName = request.operationName ?? undefined;
    let byOperation = runs.get(document);
    if (!byOperation) runs.set(document, (byOperation = new Map()));
    const key = operationName ?? "";
    const seen = byOperation.get(key) ?? 0;
    let run: Run;
    if (typeof seen === "function") run = seen;
    else if (seen + 1 >= compileAfter) byOperation.set(key, (run = compile(document, operationName)));
    else {
      byOperation.set(key, seen + 1);
      run = interpreted(document, operationName);
    }
    return (await run(context, request.variables ?? {})) as Awaited<ReturnType<GatewayExecutor>>;
  };

  const gateway: GatewayInterface = {
    // The schema is fixed: Apollo is given it once, and told of no update.
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => {};
    },
    load: async () => ({ executor }),
    stop: async () => {},
  };
  return { gateway, stats };
}

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> => typeof (value as Promise<T>)?.then === "function";

/**
 * The compiled answer with its errors made graphql-js errors, as Apollo and the error formatting
 * expect them: the resolver's error (its code, its system) as the original, an extensions object
 * always present, the path and locations kept.
 */
function withGraphQLErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((error) => {
    const converted = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions ?? undefined });
    // graphql-js computes locations from the document's nodes; the compiled query already did.
    (converted as { locations?: GraphQLError["locations"] }).locations = error.locations;
    return converted;
  });
  return { ...result, errors };
}
