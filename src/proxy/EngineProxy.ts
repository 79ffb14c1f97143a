// The one generic proxy (Jubatus generates one per engine as *_proxy.cpp over framework/proxy.hpp):
// routes each public method of an engine's table to the cluster named by its first parameter —
// `random` to one active member, `broadcast` to all, `cht(n)` to the ring's owners — and aggregates.
// Requests are forwarded as the client's own params bytes, and a single member's answer is passed back
// as its result bytes, so a proxied call is decoded once (for the type check) and encoded by nobody.
// A member that refuses connections is set aside and the call goes to another one at once: nothing
// reached the refusing member, so the retry cannot apply an update twice. A read whose connection is
// lost mid-call is asked again elsewhere too; an update is not (it may have been applied).
import type { Member } from "../coord/ZkLayout.ts"
import { commonMethods, getProxyStatus } from "../engine/commonMethods.ts"
import type { MethodSignature } from "../engine/MethodTable.ts"
import { Invalid } from "../engine/WireType.ts"
import { arrayStart, header, skipRaw } from "../rpc/MsgpackScan.ts"
import { MsgpackReader } from "../rpc/MsgpackReader.ts"
import type { RawResponse } from "../rpc/ClientConnection.ts"
import type { ConnectionPool } from "../rpc/ConnectionPool.ts"
import { Outcome, type RequestFrame, type RpcDispatcher } from "../rpc/Protocol.ts"
import { RpcError } from "../rpc/RpcError.ts"
import { checkParams } from "../server/Dispatcher.ts"
import { aggregate } from "./Aggregators.ts"
import { proxyErrorMessage } from "./backendErrors.ts"

/** Where the members of a cluster are (the Coordinator's cached ZooKeeper view). */
export interface ProxyDirectory {
  readonly actives: (type: string, name: string) => ReadonlyArray<Member> | Promise<ReadonlyArray<Member>>
  readonly cht: (type: string, name: string, key: string, n: number) => ReadonlyArray<Member> | Promise<ReadonlyArray<Member>>
}

export interface EngineProxyOptions {
  readonly type: string
  readonly methods: ReadonlyArray<MethodSignature>
  readonly directory: ProxyDirectory
  readonly pool: ConnectionPool
  /** Deadline of each forwarded call (--interconnect_timeout). */
  readonly timeoutMs: number
  /** get_proxy_status: `{ "<ip>_<port>": {...} }` of this proxy, given the counters. */
  readonly status: (counters: ProxyCounters) => Record<string, Record<string, string>>
}

export interface ProxyCounters {
  readonly requestCount: number
  readonly forwardCount: number
  readonly retriedCount: number
  readonly forwardsByMember: ReadonlyMap<string, number>
}

/** Ring entries looked up past a key's owners when one of them is dead (8 vnodes a server: past two servers). */
const CHT_SPARE_ENTRIES = 24

/** How long a member that refused a connection is avoided before it is tried again. */
const SET_ASIDE_MS = 2000

export class EngineProxy {
  requestCount = 0
  forwardCount = 0
  retriedCount = 0
  readonly forwardsByMember = new Map<string, number>()
  private readonly setAside = new Map<string, number>()
  private readonly routes = new Map<string, MethodSignature>()
  private readonly reader = new MsgpackReader()
  private view: DataView | undefined
  private viewOf: Uint8Array | undefined

  constructor(private readonly options: EngineProxyOptions) {
    for (const m of [...options.methods, ...commonMethods]) if (m.routing.kind !== "internal") this.routes.set(m.name, m)
    this.routes.set(getProxyStatus.name, getProxyStatus)
  }

  dispatcher(): RpcDispatcher {
    return {
      dispatch: (method, params, frame) => this.dispatch(method, params, frame),
      dispatchFrame: (method, frame) => this.dispatchFrame(method, frame)
    }
  }

  private dispatch(method: string, params: ReadonlyArray<unknown>, frame: RequestFrame): Outcome | Promise<Outcome> {
    const signature = this.routes.get(method)
    if (signature === undefined) return Outcome.noMethod(method)
    const args = checkParams(signature, params)
    if (args === Invalid) return Outcome.argumentError()
    return this.route(signature, params[0] as string, () => String(args[0]), frame)
  }

  /**
   * A request whose params are still bytes: their types are checked in place (WireType.scan), only the
   * cluster name and a CHT key are decoded, and the bytes are forwarded as they came. An argument
   * type that cannot scan sends the request the decoding way.
   */
  private dispatchFrame(method: string, frame: RequestFrame): Outcome | Promise<Outcome> {
    const signature = this.routes.get(method)
    if (signature === undefined) return Outcome.noMethod(method)
    const b = frame.bytes
    const end = frame.paramsEnd
    const first = arrayStart(b, frame.paramsStart, end)
    const types = signature.args
    if (first < 0 || header.count < 1 + types.length || !signature.takesName) return this.decodeAndDispatch(method, frame)
    const nameEnd = skipRaw(b, first, end)
    if (nameEnd < 0) return Outcome.argumentError()
    if (this.view === undefined || this.viewOf !== b) {
      this.viewOf = b
      this.view = new DataView(b.buffer, b.byteOffset, b.byteLength)
    }
    let at = nameEnd
    for (let i = 0; i < types.length; i++) {
      const scan = types[i].scan
      if (scan === undefined) return this.decodeAndDispatch(method, frame)
      at = scan(b, at, end, this.view)
      if (at < 0) return Outcome.argumentError()
    }
    const rawName = this.reader.decode(b, first, nameEnd)
    const name = typeof rawName === "string" ? rawName : new TextDecoder().decode(rawName as Uint8Array)
    const chtKey = () => String(types[0].check(this.reader.decode(b, nameEnd, end)))
    return this.route(signature, name, chtKey, frame)
  }

  private decodeAndDispatch(method: string, frame: RequestFrame): Outcome | Promise<Outcome> {
    const params = this.reader.decode(frame.bytes, frame.paramsStart, frame.paramsEnd)
    return Array.isArray(params) ? this.dispatch(method, params, frame) : Outcome.argumentError()
  }

  private route(signature: MethodSignature, name: string, chtKey: () => string, frame: RequestFrame): Outcome | Promise<Outcome> {
    this.requestCount++
    if (signature.routing.kind === "proxy") return Outcome.result(this.options.status(this), signature.result.write)
    // The frame's buffer is reused once this call returns: keep our own copy of the params.
    const paramsBytes = frame.bytes.slice(frame.paramsStart, frame.paramsEnd)
    const routing = signature.routing
    if (routing.kind === "random") return this.withMembers(this.options.directory.actives(this.options.type, name), name, (members) => this.forwardToOne(signature, members, paramsBytes))
    if (routing.kind === "broadcast") return this.withMembers(this.options.directory.actives(this.options.type, name), name, (members) => this.forwardToAll(signature, members, paramsBytes))
    if (routing.kind === "cht") {
      const key = chtKey()
      const ring = (n: number) => this.options.directory.cht(this.options.type, name, key, n)
      return this.withMembers(ring(routing.replicas), name, (members) =>
        this.forwardToAll(signature, members, paramsBytes, () => Promise.resolve(ring(routing.replicas + CHT_SPARE_ENTRIES)))
      )
    }
    return Outcome.noMethod(signature.name)
  }

  private withMembers(
    found: ReadonlyArray<Member> | Promise<ReadonlyArray<Member>>,
    name: string,
    then: (members: ReadonlyArray<Member>) => Promise<Outcome>
  ): Promise<Outcome> {
    const go = (members: ReadonlyArray<Member>) => (members.length === 0 ? Outcome.failure(`no server found: ${name}`) : then(members))
    return found instanceof Promise ? found.then(go, (e) => Outcome.failure(e instanceof Error ? e.message : String(e))) : Promise.resolve(go(found))
  }

  private forward(member: Member, signature: MethodSignature, paramsBytes: Uint8Array): Promise<RawResponse> {
    this.forwardCount++
    this.forwardsByMember.set(member.id, (this.forwardsByMember.get(member.id) ?? 0) + 1)
    return this.options.pool.call(member.ip, member.port, signature.name, (w) => w.encoded(paramsBytes), this.options.timeoutMs)
  }

  private usable(members: ReadonlyArray<Member>): Array<Member> {
    const now = Date.now()
    const fresh = members.filter((m) => {
      const until = this.setAside.get(m.id)
      return until === undefined || until <= now
    })
    return fresh.length > 0 ? fresh : [...members]
  }

  private async forwardToOne(signature: MethodSignature, members: ReadonlyArray<Member>, paramsBytes: Uint8Array): Promise<Outcome> {
    const candidates = this.usable(members)
    for (;;) {
      const at = Math.floor(Math.random() * candidates.length)
      const member = candidates[at]
      try {
        const response = await this.forward(member, signature, paramsBytes)
        this.setAside.delete(member.id)
        return Outcome.encoded(response.resultBytes)
      } catch (e) {
        if (e instanceof RpcError && e.reason === "ConnectFailed" && !e.sent && candidates.length > 1) {
          this.setAside.set(member.id, Date.now() + SET_ASIDE_MS)
          candidates.splice(at, 1)
          this.retriedCount++
          continue
        }
        // A connection lost under a call means the member died (a stopping member drains its calls
        // before it closes, and idle timeouts never cut a call). Whatever the dead member applied died
        // with its un-mixed diff, so asking another member applies the call once in the surviving
        // cluster: updates are retried too. A timeout is different: the member lives and may have
        // acted, so it is reported, not retried.
        if (e instanceof RpcError && e.reason === "Closed" && candidates.length > 1) {
          this.setAside.set(member.id, Date.now() + SET_ASIDE_MS)
          candidates.splice(at, 1)
          this.retriedCount++
          continue
        }
        if (e instanceof RpcError && e.reason === "ConnectFailed") this.setAside.set(member.id, Date.now() + SET_ASIDE_MS)
        if (e instanceof RpcError && e.reason === "Timeout") this.options.pool.drop(member.ip, member.port)
        return Outcome.failure(proxyErrorMessage([e]))
      }
    }
  }

  /**
   * A CHT owner that died (its connection refused or dropped under the call) still holds ring entries
   * until its ZooKeeper session ends. The call then goes to the next member along the ring — the one
   * that owns the key once the dead member's entries are gone — so a SIGKILL costs clients nothing.
   */
  private async forwardToOwner(
    owner: Member,
    owners: ReadonlyArray<Member>,
    signature: MethodSignature,
    paramsBytes: Uint8Array,
    spares: () => Promise<ReadonlyArray<Member>>
  ): Promise<RawResponse> {
    try {
      return await this.forward(owner, signature, paramsBytes)
    } catch (e) {
      const dead = e instanceof RpcError && ((e.reason === "ConnectFailed" && !e.sent) || e.reason === "Closed")
      if (!dead) throw e
      this.setAside.set(owner.id, Date.now() + SET_ASIDE_MS)
      const taken = new Set(owners.map((m) => m.id))
      const now = Date.now()
      const next = (await spares()).find((m) => !taken.has(m.id) && (this.setAside.get(m.id) ?? 0) <= now)
      if (next === undefined) throw e
      this.retriedCount++
      return this.forward(next, signature, paramsBytes)
    }
  }

  private async forwardToAll(
    signature: MethodSignature,
    members: ReadonlyArray<Member>,
    paramsBytes: Uint8Array,
    spares?: () => Promise<ReadonlyArray<Member>>
  ): Promise<Outcome> {
    const settled = await Promise.allSettled(
      members.map((m) => (spares === undefined ? this.forward(m, signature, paramsBytes) : this.forwardToOwner(m, members, signature, paramsBytes, spares)))
    )
    const errors: Array<unknown> = []
    const results: Array<unknown> = []
    let firstBytes: Uint8Array | undefined
    for (const s of settled) {
      if (s.status === "rejected") errors.push(s.reason)
      else {
        results.push(s.value.result)
        firstBytes ??= s.value.resultBytes
      }
    }
    if (errors.length > 0) return Outcome.failure(proxyErrorMessage(errors))
    if (signature.aggregator === "pass" && firstBytes !== undefined) return Outcome.encoded(firstBytes)
    for (let i = 0; i < results.length; i++) {
      const c = signature.result.check(results[i])
      if (c === Invalid) return Outcome.failure(`unexpected result type of ${signature.name} from a member: expected ${signature.result.idl}`)
      results[i] = c
    }
    return Outcome.result(aggregate(signature.aggregator, results, signature.result.zero), signature.result.write)
  }
}
