// The server half of bench/rpc.ts, in its own process: src/rpc's `listen` with a dispatcher that
// answers `echo` with its first argument and `ping` with true, so only the RPC layer is measured.
// Prints its port on stdout once listening; SIGTERM closes it.
//   bun bench/support/echoServer.ts
import { Outcome } from "../../src/rpc/Protocol.ts"
import { listen } from "../../src/rpc/RpcServer.ts"

const server = await listen(
  { host: "127.0.0.1", port: 0, timeoutSec: 0, maxMessageSize: 64 * 1024 * 1024, maxConnections: 1000 },
  {
    dispatch: (method, params) =>
      method === "echo" ? Outcome.result(params[0]) : method === "ping" ? Outcome.result(true) : Outcome.noMethod(method)
  }
)
process.stdout.write(`${server.port}\n`)
process.on("SIGTERM", () => {
  server.close(100).then(() => process.exit(0))
})
