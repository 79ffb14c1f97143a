// The optional --http-port endpoint of servers and proxies: GET /metrics (Prometheus text),
// GET /healthz (the process is alive and its event loop answers) and GET /readyz (it can serve: for a
// distributed server, member of `actives` with its model loaded).
import * as http from "node:http"
import type { ProcessMetrics } from "./Metrics.ts"

export interface HttpEndpointOptions {
  readonly host: string
  readonly port: number
  readonly metrics: ProcessMetrics
  /** undefined = ready; otherwise why not. */
  readonly notReadyReason: () => string | undefined
}

export const startHttpEndpoint = (o: HttpEndpointOptions): Promise<{ readonly port: number; readonly close: () => Promise<void> }> =>
  new Promise((resolve, reject) => {
    const server = http.createServer((req, res) => {
      const url = (req.url ?? "/").split("?")[0]
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { allow: "GET, HEAD" }).end()
        return
      }
      if (url === "/metrics") {
        res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" }).end(o.metrics.render())
      } else if (url === "/healthz") {
        res.writeHead(200, { "content-type": "text/plain" }).end("ok\n")
      } else if (url === "/readyz") {
        const reason = o.notReadyReason()
        if (reason === undefined) res.writeHead(200, { "content-type": "text/plain" }).end("ready\n")
        else res.writeHead(503, { "content-type": "text/plain" }).end(`not ready: ${reason}\n`)
      } else res.writeHead(404, { "content-type": "text/plain" }).end("not found: try /metrics, /healthz or /readyz\n")
    })
    server.once("error", reject)
    server.listen(o.port, o.host, () => {
      const a = server.address()
      resolve({
        port: typeof a === "object" && a !== null ? a.port : o.port,
        close: () => new Promise<void>((done) => server.close(() => done()))
      })
      server.closeIdleConnections?.()
    })
  })
