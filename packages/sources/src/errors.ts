import { SYSTEMS, type SystemCode } from "./systems.js";

export type UpstreamErrorCode = "UPSTREAM_UNAVAILABLE" | "UPSTREAM_TIMEOUT";

/** A provincial system failed to answer; the graph reports it on the affected paths only. */
export class UpstreamError extends Error {
  constructor(
    public readonly system: SystemCode,
    public readonly code: UpstreamErrorCode,
    options?: { cause?: unknown },
  ) {
    super(`${SYSTEMS[system].nameZh} (${system}) ${code === "UPSTREAM_TIMEOUT" ? "did not answer in time" : "is unavailable"}`, options);
    this.name = "UpstreamError";
  }
}
