// The HTTP endpoint as a scoped resource: open while the process serves, closed on stop.
import { Effect, type Scope } from "effect"
import { log } from "../platform/log.ts"
import { startHttpEndpoint } from "./HttpEndpoint.ts"
import type { ProcessMetrics } from "./Metrics.ts"

export const serveHttpEndpoint = (
  port: number,
  host: string,
  metrics: ProcessMetrics,
  notReadyReason: () => string | undefined
): Effect.Effect<void, Error, Scope.Scope> =>
  port <= 0
    ? Effect.void
    : Effect.asVoid(
        Effect.acquireRelease(
          Effect.tryPromise({
            try: () => startHttpEndpoint({ host, port, metrics, notReadyReason }),
            catch: (e) => new Error(`cannot listen for HTTP on port ${port}: ${e instanceof Error ? e.message : String(e)}`)
          }).pipe(Effect.tap((h) => Effect.sync(() => log.info(`metrics and health on http://${host}:${h.port}/metrics`)))),
          (h) => Effect.promise(() => h.close())
        )
      )
