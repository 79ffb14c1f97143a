// The push mixers (Jubatus framework/mixer/push_mixer.cpp with random_mixer.hpp, broadcast_mixer.hpp
// and skip_mixer.hpp; spec §6.2): no master and no lock — each member, on its own trigger, exchanges
// rows with a few peers. Per peer: pull the peer's rows newer than our clocks, fetch the peer's clocks,
// pull our rows newer than them, push ours to the peer, then store the peer's. The strategies differ
// only in which peers: one at random, every other member, or the members at N/2, N/4, … places
// further round the sorted member list.
import type { Member } from "../coord/ZkLayout.ts"
import type { PushMixable } from "../engine/Driver.ts"
import { log } from "../platform/log.ts"
import type { ConnectionPool } from "../rpc/ConnectionPool.ts"
import { decodeValue } from "../rpc/MsgpackReader.ts"
import { encodeValue } from "../rpc/MsgpackWriter.ts"
import type { MixRound } from "./LinearMixer.ts"
import { MixLoop } from "./MixLoop.ts"

export type PushStrategy = "random_mixer" | "broadcast_mixer" | "skip_mixer"

export const pushStrategies: ReadonlyArray<PushStrategy> = ["random_mixer", "broadcast_mixer", "skip_mixer"]

/** What the push mixer needs from ZooKeeper, for this server's cluster. */
export interface PushCoordination {
  readonly listNodes: () => Promise<ReadonlyArray<Member>>
  readonly registerActive: () => Promise<void>
}

export interface PushMixerOptions {
  readonly strategy: PushStrategy
  readonly intervalSec: number
  readonly intervalCount: number
  readonly interconnectTimeoutMs: number
  /** The loop's sleep between trigger checks (Jubatus: 0.5 s). */
  readonly tickMs?: number
  /** Peer choice of random_mixer (tests pass a seeded one). */
  readonly random?: () => number
}

/** Members are compared and sorted as Jubatus sorts (ip, port) pairs. */
const byAddress = (a: Member, b: Member): number => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : a.port - b.port)

/**
 * The peers one round talks to, from the sorted member list (self included). random: one member other
 * than self; broadcast: all others; skip: the members `stride` places after self for stride = N/2,
 * N/4, …, 1 (integer halving), which may include self when N is small, as in Jubatus.
 */
export const choosePeers = (strategy: PushStrategy, sorted: ReadonlyArray<Member>, selfId: string, random: () => number = Math.random): Array<Member> => {
  const others = sorted.filter((m) => m.id !== selfId)
  if (others.length === 0) return []
  switch (strategy) {
    case "random_mixer":
      return [others[Math.floor(random() * others.length)]]
    case "broadcast_mixer":
      return others
    case "skip_mixer": {
      const at = sorted.findIndex((m) => m.id === selfId)
      const myself = at < 0 ? sorted.length : at
      const peers: Array<Member> = []
      for (let stride = Math.floor(sorted.length / 2); stride > 0; stride = Math.floor(stride / 2))
        peers.push(sorted[(myself + stride) % sorted.length])
      return peers
    }
  }
}

export class PushMixer {
  mixCount = 0
  obsolete = true
  lastRound: MixRound | undefined
  private busy: Promise<boolean> | undefined
  private readonly loop: MixLoop

  constructor(
    private readonly self: Member,
    private readonly mixable: PushMixable,
    private readonly coordination: PushCoordination,
    private readonly pool: ConnectionPool,
    private readonly options: PushMixerOptions
  ) {
    this.loop = new MixLoop(() => this.iteration(), () => this.busy !== undefined, options.intervalCount, options.tickMs)
  }

  get running(): boolean {
    return this.loop.running
  }

  updated(): void {
    this.loop.updated()
  }

  /** Starts the loop; Jubatus mixes once right away so a newcomer gets the others' rows. */
  start(): void {
    this.loop.start(0)
  }

  async stop(): Promise<void> {
    await this.loop.stop()
    await this.busy
  }

  // Unlike linear_mixer, the push trigger has no `counter > 0` condition (spec §6.2), and the first
  // iteration always mixes (start-up).
  private triggered(): boolean {
    const { intervalCount, intervalSec } = this.options
    const now = Math.floor(Date.now() / 1000)
    return (intervalCount > 0 && this.loop.counter >= intervalCount) || (intervalSec > 0 && now - this.loop.ticktime > intervalSec)
  }

  private async iteration(): Promise<void> {
    if (!this.loop.running || this.busy !== undefined) return
    if (!this.obsolete && !this.triggered()) return
    await this.mixNow()
  }

  /** do_mix and the loop: one round; concurrent callers share the round in progress. */
  mixNow(): Promise<boolean> {
    if (this.busy !== undefined) return this.busy
    this.loop.reset()
    this.busy = this.mix()
      .then(
        () => true,
        (e) => {
          log.warn(`error in mix process: ${e instanceof Error ? e.message : String(e)}`)
          return false
        }
      )
      .finally(() => (this.busy = undefined))
    return this.busy
  }

  private async mix(): Promise<void> {
    const started = performance.now()
    const members = [...(await this.coordination.listNodes())].sort(byAddress)
    const alone = members.length === 0 || (members.length === 1 && members[0].id === this.self.id)
    if (alone) {
      if (this.obsolete) {
        log.info("no server exists, skipping mix")
        await this.coordination.registerActive()
        this.obsolete = false
      }
      return
    }
    const peers = choosePeers(this.options.strategy, members, this.self.id, this.options.random)
    if (peers.length === 0) log.warn("no mix peer selected in mix strategy")
    const timeout = this.options.interconnectTimeoutMs
    let pulled = 0
    let pushed = 0
    let answered = 0
    for (const peer of peers) {
      const call = (method: string, arg: Uint8Array | number) =>
        this.pool.call(peer.ip, peer.port, method, (w) => {
          w.arrayHeader(1)
          if (typeof arg === "number") w.int(arg)
          else w.raw(arg)
        }, timeout)
      let step = "pull"
      try {
        const herDiff = asBytes((await call("pull", this.getPullArgument())).result)
        step = "get_pull_argument"
        const herArgument = asBytes((await call("get_pull_argument", 0)).result)
        const myDiff = this.pull(herArgument)
        step = "push"
        await call("push", myDiff)
        this.push(herDiff)
        pulled += herDiff.length
        pushed += myDiff.length
        answered++
      } catch (e) {
        log.warn(`${step} failed at ${peer.ip}:${peer.port} : ${e instanceof Error ? e.message : String(e)}`)
      }
    }
    if (this.obsolete) {
      await this.coordination.registerActive()
      this.obsolete = false
    }
    const seconds = (performance.now() - started) / 1000
    this.mixCount++
    this.lastRound = { members: peers.length, answered, seconds, bytes: pushed }
    log.info(`${seconds.toFixed(4)} time elapsed ${pulled} pulled  ${pushed} pushed`)
  }

  // ---- the internal RPCs every member answers ----

  getPullArgument(): Uint8Array {
    return encodeValue(this.mixable.getPullArgument())
  }

  pull(argument: Uint8Array): Uint8Array {
    return encodeValue(this.mixable.pull(decodeValue(argument)))
  }

  push(diff: Uint8Array): number {
    this.mixable.push(decodeValue(diff))
    this.loop.reset()
    return 0
  }

  status(): Record<string, string> {
    return {
      "push_mixer.count": String(this.loop.counter),
      "push_mixer.ticktime": String(this.loop.ticktime)
    }
  }
}

const asBytes = (v: unknown): Uint8Array => {
  if (v instanceof Uint8Array) return v
  if (typeof v === "string") return new TextEncoder().encode(v)
  throw new Error(`expected raw bytes from a peer, got ${typeof v}`)
}
