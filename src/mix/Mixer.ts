// The MIX strategy of a distributed server, chosen by --mixer (Jubatus framework/mixer/mixer_factory):
// linear_mixer for every engine, the push mixers only for drivers with a versioned table. A strategy the
// engine cannot use is refused at start — Jubatus starts anyway and moves nothing, juba says why.
import type { Member } from "../coord/ZkLayout.ts"
import type { Driver } from "../engine/Driver.ts"
import * as common from "../engine/commonMethods.ts"
import type { ConnectionPool } from "../rpc/ConnectionPool.ts"
import type { Handler } from "../server/Dispatcher.ts"
import type { MethodSignature } from "../engine/MethodTable.ts"
import { LinearMixer, type MixCoordination, type MixRound } from "./LinearMixer.ts"
import { PushMixer, pushStrategies, type PushStrategy } from "./PushMixer.ts"

export type MixerName = "linear_mixer" | PushStrategy

/** What a server needs of whichever strategy runs. */
export interface Mixer {
  readonly name: MixerName
  readonly obsolete: boolean
  readonly mixCount: number
  readonly lastRound: MixRound | undefined
  /** One update RPC happened. */
  readonly updated: () => void
  readonly start: () => void
  readonly stop: () => Promise<void>
  /** The mixer's keys of get_status (`linear_mixer.count`, `push_mixer.ticktime`, …). */
  readonly status: () => Record<string, string>
  /** Marks the model as needing a re-sync (after a lost ZooKeeper session). */
  readonly markObsolete: () => void
  /** The internal RPCs the strategy answers (get_diff/put_diff/get_model or pull/push/get_pull_argument, and do_mix). */
  readonly routes: ReadonlyArray<readonly [MethodSignature, Handler]>
}

export interface MixerContext {
  readonly self: Member
  readonly driver: () => Driver
  readonly replaceModel: (packed: unknown) => void
  readonly coordination: MixCoordination
  readonly pool: ConnectionPool
  readonly intervalSec: number
  readonly intervalCount: number
  readonly interconnectTimeoutMs: number
}

export class MixerChoiceError extends Error {
  readonly _tag = "MixerChoiceError"
}

/** The common face of both strategies, given the internal RPCs one of them answers. */
const adapt = (name: MixerName, m: LinearMixer | PushMixer, routes: Mixer["routes"]): Mixer => ({
  name,
  get obsolete() {
    return m.obsolete
  },
  get mixCount() {
    return m.mixCount
  },
  get lastRound() {
    return m.lastRound
  },
  updated: () => m.updated(),
  start: () => m.start(),
  stop: () => m.stop(),
  status: () => m.status(),
  markObsolete: () => {
    m.obsolete = true
  },
  routes
})

/** Builds the strategy `name` for the engine `type`, or refuses it when the driver cannot mix that way. */
export const makeMixer = (name: MixerName, type: string, context: MixerContext): Mixer => {
  // The driver is read at each call: load and get_model replace its state, not the object, but a
  // server may still swap drivers.
  const driver = context.driver
  const timing = { intervalSec: context.intervalSec, intervalCount: context.intervalCount, interconnectTimeoutMs: context.interconnectTimeoutMs }
  if (name === "linear_mixer") {
    if (driver().mixable === undefined) throw new MixerChoiceError(`cannot start with --mixer linear_mixer: engine "${type}" has no linear mixable`)
    const mixable = { getDiff: () => driver().mixable!.getDiff(), mix: (l: unknown, r: unknown) => driver().mixable!.mix(l, r), putDiff: (d: unknown) => driver().mixable!.putDiff(d) }
    const mixer = new LinearMixer({ self: context.self, mixable, pack: () => driver().pack(), replaceModel: context.replaceModel }, context.coordination, context.pool, timing)
    return adapt(name, mixer, [
      [common.getDiff, () => mixer.getDiff()],
      [common.putDiff, ([bytes]) => mixer.putDiff(bytes as Uint8Array)],
      [common.getModel, () => mixer.getModel()],
      [common.doMix, () => mixer.mixNow()]
    ])
  }
  if (!pushStrategies.includes(name)) throw new MixerChoiceError(`unsupported mix type (${name})`)
  if (driver().pushMixable === undefined)
    throw new MixerChoiceError(`cannot start with --mixer ${name}: this ${type} model has no versioned table for a push mixer to exchange (use linear_mixer)`)
  const pushable = { getPullArgument: () => driver().pushMixable!.getPullArgument(), pull: (a: unknown) => driver().pushMixable!.pull(a), push: (d: unknown) => driver().pushMixable!.push(d) }
  const mixer = new PushMixer(context.self, pushable, context.coordination, context.pool, { strategy: name, ...timing })
  return adapt(name, mixer, [
    [common.getPullArgument, () => mixer.getPullArgument()],
    [common.pull, ([bytes]) => mixer.pull(bytes as Uint8Array)],
    [common.push, ([bytes]) => mixer.push(bytes as Uint8Array)],
    [common.doMix, () => mixer.mixNow()]
  ])
}
