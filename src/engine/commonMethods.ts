// The methods every server and proxy has besides the engine's own (spec §4.2), and the internal ones of
// distributed servers (MIX, spec §6). The server and the proxy implement them; this is their signature.
import type { ArgsOf, MethodSignature, Routing } from "./MethodTable.ts"
import { statusMap } from "./commonTypes.ts"
import * as W from "./WireType.ts"

const signature = <const N extends string, const A extends ReadonlyArray<W.WireType<any>>, R>(
  name: N,
  args: A,
  result: W.WireType<R>,
  routing: Routing,
  lock: MethodSignature["lock"],
  aggregator: MethodSignature["aggregator"] = "pass",
  takesName = true
): MethodSignature<ArgsOf<A>, R, N> => ({
  name,
  args,
  result,
  routing,
  lock,
  updates: lock === "update",
  aggregator,
  takesName
}) as unknown as MethodSignature<ArgsOf<A>, R, N>

export const getConfig = signature("get_config", [], W.string, { kind: "random" }, "analysis")
export const save = signature("save", [W.string], W.map(W.string, W.string), { kind: "broadcast" }, "analysis", "merge")
export const load = signature("load", [W.string], W.bool, { kind: "broadcast" }, "update", "allAnd")
export const getStatus = signature("get_status", [], statusMap, { kind: "broadcast" }, "analysis", "merge")
export const getProxyStatus = signature("get_proxy_status", [], statusMap, { kind: "proxy" }, "nolock")

/** Public methods shared by every engine, in the order servers register them. */
export const commonMethods = [getConfig, save, load, getStatus] as const

// Internal (server-to-server) methods: no cluster name, never forwarded by a proxy.
export const doMix = signature("do_mix", [], W.bool, { kind: "internal" }, "nolock", "pass", false)
export const getDiff = signature("get_diff", [W.any], W.raw, { kind: "internal" }, "nolock", "pass", false)
export const putDiff = signature("put_diff", [W.raw], W.int, { kind: "internal" }, "nolock", "pass", false)
/** `[protocol_version, packed model]` */
export const getModel = signature(
  "get_model",
  [W.any],
  W.tuple<[number, Uint8Array]>("[ulong, raw]", W.ulong, W.raw),
  { kind: "internal" },
  "nolock",
  "pass",
  false
)

// The push mixers' internal methods (spec §6.2): version clocks in, rows out, all as raw msgpack.
export const getPullArgument = signature("get_pull_argument", [W.any], W.raw, { kind: "internal" }, "nolock", "pass", false)
export const pull = signature("pull", [W.raw], W.raw, { kind: "internal" }, "nolock", "pass", false)
export const push = signature("push", [W.raw], W.int, { kind: "internal" }, "nolock", "pass", false)
