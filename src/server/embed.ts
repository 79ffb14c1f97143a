// Runs a standalone engine server inside the caller's process (mod.ts's embedding API): the same
// generic server and RPC listener as the binary, without the process-level wiring.
import { engineOf, unsupportedEngineMessage } from "../engine/registry.ts"
import { listen } from "../rpc/RpcServer.ts"
import { EngineServer } from "./EngineServer.ts"

export interface EmbeddedServerOptions {
  readonly type: string
  /** The config as JSON text or as a parsed object. */
  readonly config: string | object
  readonly host?: string
  /** 0 picks a free port. */
  readonly port?: number
  readonly datadir?: string
  readonly timeoutSec?: number
}

export interface EmbeddedServer {
  readonly host: string
  readonly port: number
  readonly server: EngineServer
  readonly stop: () => Promise<void>
}

export const startServer = async (options: EmbeddedServerOptions): Promise<EmbeddedServer> => {
  const engine = engineOf(options.type)
  if (engine === undefined) throw new Error(unsupportedEngineMessage(options.type))
  const text = typeof options.config === "string" ? options.config : JSON.stringify(options.config)
  const value = engine.decodeConfig(JSON.parse(text))
  const host = options.host ?? "127.0.0.1"
  // The identity needs the port, which is known only once listening; dispatch through a late binding.
  let dispatch: EngineServer["dispatcher"] extends () => infer D ? D : never
  const listening = await listen(
    { host, port: options.port ?? 0, timeoutSec: options.timeoutSec ?? 0, maxMessageSize: 64 * 1024 * 1024, maxConnections: 10000 },
    { dispatch: (m, p, f) => dispatch.dispatch(m, p, f) }
  )
  const server = new EngineServer(engine, { text, value, source: "<embedded>" }, {
    id: `${host}_${listening.port}`,
    ip: host,
    port: listening.port,
    progname: `juba${engine.type}`,
    distributed: false,
    datadir: options.datadir ?? "/tmp",
    timeout: options.timeoutSec ?? 0,
    threadnum: 1,
    logdir: "",
    logConfig: ""
  })
  dispatch = server.dispatcher()
  return { host, port: listening.port, server, stop: () => listening.close(500) }
}
