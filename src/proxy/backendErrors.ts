// What a proxy's client sees when members fail (Jubatus framework/proxy.hpp error forwarding): any
// transport failure collapses to `connect error in proxy` or `timeout error in proxy`; a member's string
// error X becomes `rpc_server error: "X"`; a member's NO_METHOD / ARGUMENT error becomes the C++ class
// name Jubatus clients are used to.
import { RpcError } from "../rpc/RpcError.ts"

export const proxyErrorMessage = (errors: ReadonlyArray<unknown>): string => {
  const transport = errors.filter((e): e is RpcError => e instanceof RpcError && e.isTransport)
  if (transport.some((e) => e.reason === "Timeout")) return "timeout error in proxy"
  if (transport.length > 0) return "connect error in proxy"
  const first = errors[0]
  if (first instanceof RpcError && first.reason === "Remote") {
    if (first.error === 1) return "jubatus::server::common::mprpc::rpc_method_not_found"
    if (first.error === 2) return "jubatus::server::common::mprpc::rpc_type_error"
    const text = typeof first.error === "string" ? first.error : first.error instanceof Uint8Array ? new TextDecoder().decode(first.error) : JSON.stringify(first.error)
    return `rpc_server error: "${text}"`
  }
  return first instanceof Error ? first.message : String(first)
}
