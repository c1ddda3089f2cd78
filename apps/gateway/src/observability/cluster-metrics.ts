// /metrics of a cluster (WORKERS > 1, see workers.ts): the worker a scrape reaches asks the primary,
// which gathers every worker's registry (prom-client's cluster protocol) and answers with the sum.
import cluster, { type Worker } from "node:cluster";
import { AggregatorRegistry, type Registry } from "prom-client";

/** A worker asks the primary for every worker's metrics; the primary answers with the sum. */
const METRICS_MESSAGE = "popfam:cluster-metrics";
const METRICS_TIMEOUT_MS = 5_000;

interface MetricsMessage {
  type: typeof METRICS_MESSAGE;
  id: number;
  body?: string;
  contentType?: string;
  error?: string;
}

const isMetricsMessage = (message: unknown): message is MetricsMessage =>
  typeof message === "object" && message !== null && (message as { type?: unknown }).type === METRICS_MESSAGE;

/** In the primary: the handler of the workers' messages that answers their requests for the summed metrics. */
export function metricsForWorkers(): (worker: Worker, message: unknown) => void {
  const aggregator = new AggregatorRegistry();
  return (worker, message) => {
    if (!isMetricsMessage(message)) return;
    const answer = (reply: Omit<MetricsMessage, "type" | "id">) => worker.isConnected() && worker.send({ type: METRICS_MESSAGE, id: message.id, ...reply });
    aggregator.clusterMetrics().then(
      (body) => answer({ body, contentType: aggregator.contentType }),
      (error: unknown) => answer({ error: String(error) }),
    );
  };
}

/** In a worker: report this registry's metrics when the primary gathers them (prom-client's cluster protocol). */
export function reportToPrimary(registry: Registry): void {
  if (!cluster.isWorker) return;
  // Constructing one installs the worker's listener (once); then it answers with this registry.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
}

let nextRequest = 0;

/** In a worker: every worker's metrics, summed by the primary; null outside a cluster. */
export function clusterMetrics(): Promise<{ body: string; contentType: string }> | null {
  if (!cluster.isWorker || !process.send) return null;
  const id = ++nextRequest;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error("the primary did not answer with the workers' metrics")), METRICS_TIMEOUT_MS);
    const onMessage = (message: unknown) => {
      if (!isMetricsMessage(message) || message.id !== id) return;
      done(message.error === undefined ? null : new Error(message.error), message);
    };
    const done = (error: Error | null, message?: MetricsMessage) => {
      clearTimeout(timer);
      process.off("message", onMessage);
      if (error) reject(error);
      else resolve({ body: message!.body!, contentType: message!.contentType! });
    };
    process.on("message", onMessage);
    process.send!({ type: METRICS_MESSAGE, id });
  });
}
