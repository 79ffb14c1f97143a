// The RPC listener settings of a server or proxy, from its command-line options.
import { bindAddress } from "../platform/network.ts"
import type { RpcServerOptions } from "../rpc/RpcServer.ts"

export const listenOptions = (o: {
  readonly listenAddr: string
  readonly listenIf: string
  readonly rpcPort: number
  readonly timeout: number
  readonly maxMessageSize: number
  readonly maxConnections: number
}): RpcServerOptions => ({
  host: bindAddress(o.listenAddr, o.listenIf),
  port: o.rpcPort,
  timeoutSec: o.timeout,
  maxMessageSize: o.maxMessageSize,
  maxConnections: o.maxConnections
})
