// Any port over HTTP, from its contract: each method POSTs its keys to the endpoint of the same
// name and checks every value that comes back against the method's schema.
import type { CallOptions, Contract, PortOf } from "./contract.js";
import { decodeResults } from "./contract.js";
import type { UpstreamClient } from "./client.js";

export function portOverHttp<C extends Contract>(client: UpstreamClient, contract: C): PortOf<C> {
  const port: Record<string, (keys: readonly unknown[], options?: CallOptions) => Promise<unknown[]>> = {};
  for (const [method, operation] of Object.entries(contract)) {
    port[method] = async (keys, options) => {
      if (keys.length === 0) return [];
      const results = await client.batch(method, keys, options?.signal);
      return decodeResults(client.system, method, operation.value, results);
    };
  }
  // Every method of the contract is a method of the port with the same key and value types.
  return port as PortOf<C>;
}
