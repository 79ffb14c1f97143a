// linear_mixer (Jubatus framework/mixer/linear_mixer.cpp, spec §6.1): whoever takes the ZooKeeper
// master lock gathers every member's diff in parallel, folds them with the engine's mix operator and
// puts the fold back on every member. A member whose model version no longer matches becomes obsolete,
// leaves `actives` and re-syncs with get_model before it serves again.
import type { Member } from "../coord/ZkLayout.ts"
import type { LinearMixable } from "../engine/Driver.ts"
import { log } from "../platform/log.ts"
import type { ConnectionPool } from "../rpc/ConnectionPool.ts"
import { decodeValue } from "../rpc/MsgpackReader.ts"
import { encodeValue } from "../rpc/MsgpackWriter.ts"
import { MixLoop } from "./MixLoop.ts"

/** What the mixer needs from ZooKeeper, for this server's cluster. */
export interface MixCoordination {
  readonly listNodes: () => Promise<ReadonlyArray<Member>>
  /** The master lock if free; the returned function releases it. */
  readonly tryMasterLock: () => Promise<(() => Promise<void>) | undefined>
  readonly registerActive: () => Promise<void>
  readonly unregisterActive: () => Promise<void>
}

/** What the mixer needs from the local server. */
export interface MixTarget {
  readonly self: Member
  readonly mixable: LinearMixable
  readonly pack: () => unknown
  readonly replaceModel: (packed: unknown) => void
}

export interface LinearMixerOptions {
  readonly intervalSec: number
  readonly intervalCount: number
  readonly interconnectTimeoutMs: number
  /** The loop's sleep between trigger checks (Jubatus: 0.5 s). */
  readonly tickMs?: number
}

/** get_model's protocol version: the user_data_version of every engine. */
export const MODEL_PROTOCOL_VERSION = 1

export interface MixRound {
  readonly members: number
  readonly answered: number
  readonly seconds: number
  readonly bytes: number
}

export class LinearMixer {
  mixCount = 0
  obsolete = true
  lastRound: MixRound | undefined
  private busy = false
  private readonly loop: MixLoop

  constructor(
    private readonly target: MixTarget,
    private readonly coordination: MixCoordination,
    private readonly pool: ConnectionPool,
    private readonly options: LinearMixerOptions
  ) {
    this.loop = new MixLoop(() => this.iteration(), () => this.busy, options.intervalCount, options.tickMs)
  }

  get counter(): number {
    return this.loop.counter
  }

  get ticktime(): number {
    return this.loop.ticktime
  }

  get running(): boolean {
    return this.loop.running
  }

  updated(): void {
    this.loop.updated()
  }

  start(): void {
    this.loop.start(10)
  }

  stop(): Promise<void> {
    return this.loop.stop()
  }

  private triggered(): boolean {
    const { intervalCount, intervalSec } = this.options
    const now = Math.floor(Date.now() / 1000)
    return (
      this.counter > 0 &&
      ((intervalCount > 0 && this.counter >= intervalCount) || (intervalSec > 0 && now - this.ticktime > intervalSec))
    )
  }

  private async iteration(): Promise<void> {
    if (this.busy || !this.running) return
    this.busy = true
    try {
      if (!this.obsolete && !this.triggered()) return
      const release = await this.coordination.tryMasterLock()
      if (release === undefined) return
      try {
        if (this.obsolete) await this.updateModel()
        if (this.triggered()) {
          this.loop.reset()
          await this.mix()
        }
      } finally {
        await release().catch(() => undefined)
      }
    } catch (e) {
      log.warn(`mix failed: ${e instanceof Error ? e.message : String(e)}`)
    } finally {
      this.busy = false
    }
  }

  /** do_mix: mix now, waiting for the master lock. */
  async mixNow(): Promise<boolean> {
    this.loop.reset()
    const deadline = Date.now() + this.options.interconnectTimeoutMs * 3
    for (;;) {
      const release = await this.coordination.tryMasterLock()
      if (release !== undefined) {
        try {
          await this.mix()
          return true
        } catch (e) {
          log.warn(`mix failed: ${e instanceof Error ? e.message : String(e)}`)
          return false
        } finally {
          await release().catch(() => undefined)
        }
      }
      if (Date.now() > deadline) return false
      await new Promise((r) => setTimeout(r, 50))
    }
  }

  /** One round as master: get_diff from all, fold, put_diff to all. */
  async mix(): Promise<MixRound> {
    const started = performance.now()
    const members = await this.coordination.listNodes()
    if (members.length === 0) {
      await this.coordination.registerActive()
      return { members: 0, answered: 0, seconds: 0, bytes: 0 }
    }
    const timeout = this.options.interconnectTimeoutMs
    const diffs = await Promise.allSettled(
      members.map((m) => this.pool.call(m.ip, m.port, "get_diff", (w) => w.value([0]), timeout))
    )
    let folded: unknown = undefined
    let answered = 0
    for (let i = 0; i < diffs.length; i++) {
      const d = diffs[i]
      if (d.status === "rejected") {
        log.warn(`get_diff failed on ${members[i].id}: ${d.reason instanceof Error ? d.reason.message : String(d.reason)}`)
        continue
      }
      const raw = d.value.result
      const diff = decodeValue(raw instanceof Uint8Array ? raw : new TextEncoder().encode(String(raw)))
      folded = answered === 0 ? diff : this.target.mixable.mix(folded, diff)
      answered++
    }
    if (answered === 0) throw new Error("no member answered get_diff")
    const bytes = encodeValue(folded)
    const puts = await Promise.allSettled(
      members.map((m) => this.pool.call(m.ip, m.port, "put_diff", (w) => {
        w.arrayHeader(1)
        w.raw(bytes)
      }, timeout))
    )
    puts.forEach((p, i) => {
      if (p.status === "rejected") log.warn(`put_diff failed on ${members[i].id}: ${p.reason instanceof Error ? p.reason.message : String(p.reason)}`)
    })
    const seconds = (performance.now() - started) / 1000
    this.mixCount++
    this.lastRound = { members: members.length, answered, seconds, bytes: bytes.length }
    log.info(`mixed with ${answered} servers in ${seconds.toFixed(4)} secs, ${bytes.length} bytes (serialized data) has been put.`)
    return this.lastRound
  }

  /** Fetches the whole model from another member (or finds itself alone) and becomes active. */
  async updateModel(): Promise<void> {
    const others = (await this.coordination.listNodes()).filter((m) => m.id !== this.target.self.id)
    if (others.length > 0) {
      const from = others[Math.floor(Math.random() * others.length)]
      const response = await this.pool.call(from.ip, from.port, "get_model", (w) => w.value([0]), this.options.interconnectTimeoutMs)
      const [version, raw] = response.result as [number, Uint8Array | string]
      if (version !== MODEL_PROTOCOL_VERSION) throw new Error(`get_model from ${from.id}: protocol version ${version}, expected ${MODEL_PROTOCOL_VERSION}`)
      this.target.replaceModel(decodeValue(raw instanceof Uint8Array ? raw : new TextEncoder().encode(raw)))
      log.info(`model fetched from ${from.id}`)
    }
    // Ready (and so /readyz) only once proxies can see it in `actives`.
    await this.coordination.registerActive()
    this.obsolete = false
  }

  // ---- the internal RPCs every member answers ----

  getDiff(): Uint8Array {
    return encodeValue(this.target.mixable.getDiff())
  }

  async putDiff(bytes: Uint8Array): Promise<number> {
    const upToDate = this.target.mixable.putDiff(decodeValue(bytes))
    this.loop.reset()
    if (upToDate && this.obsolete) {
      await this.coordination.registerActive()
      this.obsolete = false
    } else if (!upToDate && !this.obsolete) {
      this.obsolete = true
      await this.coordination.unregisterActive()
    }
    return 0
  }

  getModel(): [number, Uint8Array] {
    return [MODEL_PROTOCOL_VERSION, encodeValue(this.target.pack())]
  }

  status(): Record<string, string> {
    return {
      "linear_mixer.count": String(this.counter),
      "linear_mixer.ticktime": String(this.ticktime),
      "linear_mixer.is_obsolete": this.obsolete ? "1" : "0",
      "linear_mixer.is_running": this.running ? "1" : "0"
    }
  }
}
