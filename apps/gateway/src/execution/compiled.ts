// Compiled execution: each operation is compiled once, at its first run, into a plain function
// that calls the schema's resolvers and builds the answer (graphql-jit), instead of graphql-js
// walking the document for every object of every request. A page of 100 persons is some 800
// fields; interpreted, each is a round of lookups and promise checks.
//
// It plugs into Apollo Server as its executor (Apollo's gateway interface): parsing, validation,
// the plugins and the formatting of errors stay Apollo's, only the execution changes. The compiled
// functions are kept beside Apollo's parsed documents (a WeakMap on the document), so they live
// exactly as long as Apollo's document cache keeps the document.
import type { GatewayExecutor, GatewayInterface } from "@apollo/server-gateway-interface";
import { execute, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";

type Run = (context: unknown, variables: Record<string, unknown>) => Promise<ExecutionResult> | ExecutionResult;

export function compiledExecution(schema: GraphQLSchema, log: (line: string) => void): GatewayInterface {
  const runs = new WeakMap<DocumentNode, Map<string, Run>>();

  const interpreted = (document: DocumentNode, operationName: string | undefined): Run => (context, variables) =>
    execute({ schema, document, operationName, contextValue: context, variableValues: variables });

  function compile(document: DocumentNode, operationName: string | undefined): Run {
    try {
      // Errors are not given a stack (the answer never shows one, and capturing it is most of an error's cost).
      const compiled = compileQuery(schema, document, operationName, { disablingCapturingStackErrors: true });
      if (isCompiledQuery(compiled)) {
        const query = (compiled as CompiledQuery).query;
        return (context, variables) => {
          const result = query(undefined, context, variables);
          return isPromise(result) ? result.then(withGraphQLErrors) : withGraphQLErrors(result);
        };
      }
      // The document was validated: an operation it cannot compile runs interpreted rather than fail.
      log(`compiled execution: operation ${operationName ?? "(anonymous)"} runs interpreted (${compiled.errors?.[0]?.message ?? "not compiled"})`);
    } catch (error) {
      log(`compiled execution: operation ${operationName ?? "(anonymous)"} runs interpreted (${error instanceof Error ? error.message : String(error)})`);
    }
    return interpreted(document, operationName);
  }

  const executor: GatewayExecutor = async (requestContext) => {
    const { document, request, context } = requestContext;
    const operationName = request.operationName ?? undefined;
    let byOperation = runs.get(document);
    if (!byOperation) runs.set(document, (byOperation = new Map()));
    let run = byOperation.get(operationName ?? "");
    if (!run) byOperation.set(operationName ?? "", (run = compile(document, operationName)));
    return (await run(context, request.variables ?? {})) as Awaited<ReturnType<GatewayExecutor>>;
  };

  return {
    // The schema is fixed: Apollo is given it once, and told of no update.
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => {};
    },
    load: async () => ({ executor }),
    stop: async () => {},
  };
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
