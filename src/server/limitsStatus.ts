// The resource bounds of a server and what it currently uses of them, for get_status.
import type { RpcServerStats } from "../rpc/RpcServer.ts"

export const limitsStatus = (limits: { readonly maxMessageSize: number; readonly maxConnections: number }, stats: () => RpcServerStats) => (): Record<string, string> => {
  const s = stats()
  return {
    max_message_size: String(limits.maxMessageSize),
    max_connections: String(limits.maxConnections),
    connections: String(s.connections),
    rejected_connections: String(s.rejectedConnections),
    protocol_errors: String(s.protocolErrors)
  }
}
