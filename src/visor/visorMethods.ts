// jubavisor's RPC surface (JUBATUS_MPRPC_PROC in jubavisor/jubavisor.hpp): `start` and `stop`, with no
// cluster name in front of their parameters, and the dispatcher that answers them from a Supervisor.
import type { MethodSignature } from "../engine/MethodTable.ts"
import { internal } from "../engine/MethodTable.ts"
import * as W from "../engine/WireType.ts"
import type { RpcDispatcher } from "../rpc/Protocol.ts"
import { makeDispatcher, type Route } from "../server/Dispatcher.ts"
import { serverArgvType, type ServerArgv } from "./ServerArgv.ts"
import type { Supervisor } from "./Supervisor.ts"

/** `start("<server>/<name>", N, server_argv) → int`: 0, or −1 when refused. */
export const startMethod = {
  name: "start",
  args: [W.string, W.uint, serverArgvType],
  result: W.int,
  routing: internal,
  lock: "nolock",
  updates: false,
  aggregator: "pass",
  takesName: false
} as const satisfies MethodSignature

/** `stop("<server>/<name>", N) → int`: 0, or −(number of servers that could not be signalled). */
export const stopMethod = {
  name: "stop",
  args: [W.string, W.uint],
  result: W.int,
  routing: internal,
  lock: "nolock",
  updates: false,
  aggregator: "pass",
  takesName: false
} as const satisfies MethodSignature

export const visorMethods = [startMethod, stopMethod] as const

export const visorDispatcher = (supervisor: Supervisor, onFailure?: (method: string, error: unknown) => void): RpcDispatcher => {
  const routes = new Map<string, Route>([
    [startMethod.name, { signature: startMethod, handler: ([target, n, argv]) => supervisor.start(target as string, n as number, argv as ServerArgv) }],
    [stopMethod.name, { signature: stopMethod, handler: ([target, n]) => supervisor.stop(target as string, n as number) }]
  ])
  return makeDispatcher(routes, onFailure === undefined ? {} : { onFailure })
}
