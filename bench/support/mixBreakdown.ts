// Where a MIX round's time goes, without sockets or ZooKeeper: classifier drivers in distributed mode
// trained in this process, then the steps linear_mixer makes (src/mix/LinearMixer.ts) timed apart —
// each member's get_diff and its encoding, the master's decoding and folding of the diffs, encoding
// the fold, and each member's decoding and applying of it (put_diff).
import { classifierEngine } from "../../src/engine/classifier/engine.ts"
import type { Datum } from "../../src/fv/Datum.ts"
import { decodeValue } from "../../src/rpc/MsgpackReader.ts"
import { encodeValue } from "../../src/rpc/MsgpackWriter.ts"
import type { Sample } from "./requests.ts"

export interface MixSplit {
  /** Milliseconds, summed over the members (or diffs) each step runs for. */
  readonly getDiff: number
  readonly encodeDiff: number
  readonly decodeDiff: number
  readonly fold: number
  readonly encodeFold: number
  readonly decodeFold: number
  readonly putDiff: number
  readonly bytesPerDiff: number
  readonly foldBytes: number
}

const toDatum = (s: Sample): Datum => [[], Array.from(s.values, (v, i): [string, number] => [s.keys[i], v]), []]

const time = <A>(f: () => A): [A, number] => {
  const t0 = performance.now()
  const a = f()
  return [a, performance.now() - t0]
}

/** Trains one distributed driver per entry of `perMember` and runs one MIX round over them. */
export const mixSplit = (config: unknown, perMember: ReadonlyArray<ReadonlyArray<Sample>>): MixSplit => {
  const decoded = classifierEngine.decodeConfig(config)
  const drivers = perMember.map((samples) => {
    const d = classifierEngine.create(decoded, { distributed: true })
    for (let i = 0; i < samples.length; i += 100) d.train(samples.slice(i, i + 100).map((s): [string, Datum] => [s.label, toDatum(s)]))
    return d
  })
  const mixable = (i: number) => {
    const m = drivers[i].mixable
    if (m === undefined) throw new Error("a distributed classifier driver has no mixable")
    return m
  }
  let getDiff = 0
  let encodeDiff = 0
  let decodeDiff = 0
  let fold = 0
  let bytesPerDiff = 0
  let folded: unknown
  drivers.forEach((_, i) => {
    const [diff, tg] = time(() => mixable(i).getDiff())
    const [bytes, te] = time(() => encodeValue(diff))
    const [back, td] = time(() => decodeValue(bytes))
    getDiff += tg
    encodeDiff += te
    decodeDiff += td
    bytesPerDiff = Math.max(bytesPerDiff, bytes.length)
    if (i === 0) folded = back
    else fold += time(() => (folded = mixable(0).mix(folded, back)))[1]
  })
  const [foldBytes, encodeFold] = time(() => encodeValue(folded))
  let decodeFold = 0
  let putDiff = 0
  drivers.forEach((_, i) => {
    const [value, td] = time(() => decodeValue(foldBytes))
    const [ok, tp] = time(() => mixable(i).putDiff(value))
    if (ok !== true) throw new Error(`put_diff on member ${i} refused the fold`)
    decodeFold += td
    putDiff += tp
  })
  return { getDiff, encodeDiff, decodeDiff, fold, encodeFold, decodeFold, putDiff, bytesPerDiff, foldBytes: foldBytes.length }
}
