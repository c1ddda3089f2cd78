// The vendor quota: each vendor client (by token subject) draws on a cost budget that refills over
// time, a token bucket as GitHub's and Shopify's GraphQL APIs have. A request costs what its
// operation weighs (query-cost.ts, modules/cost.ts: units of about 40 µs of server time), charged
// before it runs; without enough left it is refused with HTTP 429, `Retry-After` and the code
// RATE_LIMITED. Every vendor response reports the cost in `extensions.cost` and the bucket in the
// `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` headers.
//
// With REDIS_URL the buckets live in Redis, shared by every replica, each take one Lua script (so
// atomic, on Redis's clock); without it, in the process.
import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import { Redis } from "ioredis";
import { isVendorClient } from "../auth/principal.js";
import type { Context } from "../context.js";
import type { GatewayConfig } from "../env.js";
import type { OperationRegistry } from "./operations.js";
import type { QueryCosts } from "./query-cost.js";

/** One take from a bucket: whether it was granted, and what is left after it. */
export interface Take {
  allowed: boolean;
  /** What is left in the bucket (after the take when granted). */
  remaining: number;
}

export interface BucketStore {
  /** Refills the bucket for the time since its last take, then takes `cost` from it if it holds that much. */
  take(key: string, cost: number, capacity: number, refillPerSecond: number): Promise<Take>;
  close(): Promise<void>;
}

/** In-process buckets: one gateway's own. */
export class MemoryBucketStore implements BucketStore {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly now: () => number = Date.now) {}

  async take(key: string, cost: number, capacity: number, refillPerSecond: number): Promise<Take> {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    const tokens = Math.min(capacity, bucket.tokens + (Math.max(0, now - bucket.at) * refillPerSecond) / 1000);
    const allowed = cost <= tokens;
    const remaining = allowed ? tokens - cost : tokens;
    this.buckets.set(key, { tokens: remaining, at: now });
    return { allowed, remaining };
  }

  async close(): Promise<void> {}
}

// KEYS[1] the bucket; ARGV: cost, capacity, refill per second. Redis's own clock, so replicas'
// clocks need not agree. The key expires once the bucket would be full again.
const TAKE_SCRIPT = `
local cost = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local rate = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = capacity
  at = now
end
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate / 1000)
local allowed = 0
if cost <= tokens then
  tokens = tokens - cost
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate * 1000) + 1000)
return {allowed, tostring(tokens)}
`;

/** Buckets in Redis, shared by every gateway pointed at it. */
export class RedisBucketStore implements BucketStore {
  private readonly redis: Redis;
  private reported = false;
  constructor(url: string, private readonly keyPrefix: string, log: (line: string) => void) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 1_000, lazyConnect: true });
    // ioredis reconnects by itself; say once that Redis went away (each refused take logs its request too).
    this.redis.on("error", (error: Error) => {
      if (!this.reported) log(`vendor quota: Redis unreachable: ${error.message}`);
      this.reported = true;
    });
    this.redis.on("ready", () => (this.reported = false));
    this.redis.defineCommand("takeFromBucket", { numberOfKeys: 1, lua: TAKE_SCRIPT });
  }

  async take(key: string, cost: number, capacity: number, refillPerSecond: number): Promise<Take> {
    const run = (this.redis as unknown as { takeFromBucket(key: string, ...args: number[]): Promise<[number, string]> }).takeFromBucket;
    const [allowed, tokens] = await run.call(this.redis, `${this.keyPrefix}quota:${key}`, cost, capacity, refillPerSecond);
    return { allowed: allowed === 1, remaining: Number(tokens) };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

export function bucketStoreFor(config: GatewayConfig, log: (line: string) => void): BucketStore {
  return config.redis ? new RedisBucketStore(config.redis.url, config.redis.keyPrefix, log) : new MemoryBucketStore();
}

/** What a vendor response reports: `extensions.cost`, as Shopify's API does. */
export interface CostReport {
  requestedQueryCost: number;
  /** The cost charged: the requested cost when the operation ran (the bound is charged in full, not refunded by what a page held), 0 when refused. */
  actualQueryCost: number;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

export function vendorQuotaPlugin(
  store: BucketStore,
  options: { quota: GatewayConfig["vendorQuota"]; costs: QueryCosts; operations: OperationRegistry | null; log: (line: string) => void },
): ApolloServerPlugin<Context> {
  const { budget, refillPerSecond } = options.quota;
  const reports = new WeakMap<Context, CostReport>();
  const throttle = (remaining: number) => ({ maximumAvailable: budget, currentlyAvailable: Math.floor(remaining), restoreRate: refillPerSecond });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation, request }) {
          const principal = contextValue.principal;
          if (!isVendorClient(principal) || !operation) return;
          // An unregistered operation is refused by the safelist (in parallel with this hook): it costs nothing.
          if (options.operations && (!request.query || !options.operations.allows(request.query))) return;
          const weighed = options.costs.of(document, operation, request.variables);
          // Bad variables (refused by the executor) or over a bound (refused by query-cost.ts), before anything runs: nothing to charge.
          if (!weighed || options.costs.overBound(weighed)) return;
          const cost = weighed.complexity;
          let take: Take;
          try {
            take = await store.take(principal.subject, cost, budget, refillPerSecond);
          } catch (error) {
            // The quota store unreachable must not take the graph down with it: the request runs, uncounted.
            options.log(`vendor quota unavailable, request let through: ${String(error)}`);
            return;
          }
          const report: CostReport = { requestedQueryCost: cost, actualQueryCost: take.allowed ? cost : 0, throttleStatus: throttle(take.remaining) };
          reports.set(contextValue, report);
          if (!take.allowed) {
            const retryAfter = Math.max(1, Math.ceil((cost - take.remaining) / refillPerSecond));
            throw new GraphQLError(
              `this client's query cost budget is spent: the query costs ${cost}, ${Math.floor(take.remaining)} is left, refilling at ${refillPerSecond} per second; retry in ${retryAfter} s`,
              { extensions: { code: "RATE_LIMITED", cost: report, http: { status: 429, headers: new Map([["retry-after", String(retryAfter)]]) } } },
            );
          }
        },
        async willSendResponse({ contextValue, response }) {
          const report = reports.get(contextValue);
          if (!report) return;
          const { currentlyAvailable } = report.throttleStatus;
          response.http.headers.set("ratelimit-limit", String(budget));
          response.http.headers.set("ratelimit-remaining", String(currentlyAvailable));
          response.http.headers.set("ratelimit-reset", String(Math.ceil((budget - currentlyAvailable) / refillPerSecond)));
          if (response.body.kind === "single") {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cost: report };
          }
        },
      };
    },
  };
}
