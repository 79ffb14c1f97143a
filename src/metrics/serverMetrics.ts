// What a server exposes on /metrics beside per-call counts: updates and model size sampled at scrape
// time from the same numbers get_status reports.
import type { EngineServer } from "../server/EngineServer.ts"
import { memoryKiB } from "../platform/processInfo.ts"
import type { ProcessMetrics } from "./Metrics.ts"

export const sampleServer = (metrics: ProcessMetrics, server: EngineServer): void => {
  metrics.sampleOnScrape(() => {
    const s = server.driver.status()
    metrics.gauge("juba_update_count", "Update RPC calls since start (get_status update_count)", server.updateCount)
    metrics.gauge("juba_model_features", "Features in the model (get_status num_features)", Number(s.num_features ?? 0))
    metrics.gauge("juba_model_labels", "Labels in the model (get_status num_classes)", Number(s.num_classes ?? 0))
    const bytes = server.driver.modelBytes?.()
    if (bytes !== undefined) metrics.gauge("juba_model_bytes", "Bytes held by the model's tables", bytes)
  })
  sampleProcess(metrics)
}

export const sampleProcess = (metrics: ProcessMetrics): void => {
  metrics.sampleOnScrape(() => {
    metrics.gauge("juba_process_resident_bytes", "Resident memory of the process", memoryKiB().rss * 1024)
  })
}
