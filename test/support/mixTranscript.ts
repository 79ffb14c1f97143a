// Reads the MIX transcripts recorded between two C++ Jubatus 1.1.1 members (../shared/golden/<type>/
// <variant>[.<mixer>].mix.jsonl, format in golden/README.md): the calls in order, with every MIX payload
// decoded from its bytes.
import * as fs from "node:fs"
import * as path from "node:path"
import { decodeValue } from "../../src/rpc/MsgpackReader.ts"
import { fromGoldenJson, goldenDir } from "./golden.ts"

export interface MixCall {
  readonly i: number
  readonly member: 1 | 2
  readonly method: string
  readonly params: ReadonlyArray<unknown>
  readonly result?: unknown
  readonly error?: unknown
  readonly observed?: boolean
}

export interface MixTranscript {
  readonly header: Record<string, any>
  readonly calls: ReadonlyArray<MixCall>
  readonly config: unknown
}

export const mixTranscriptExists = (engine: string, variant: string, mixer = "linear_mixer"): boolean =>
  fs.existsSync(mixTranscriptPath(engine, variant, mixer))

const mixTranscriptPath = (engine: string, variant: string, mixer: string): string =>
  path.join(goldenDir, engine, mixer === "linear_mixer" ? `${variant}.mix.jsonl` : `${variant}.${mixer}.mix.jsonl`)

export const readMixTranscript = (engine: string, variant: string, mixer = "linear_mixer"): MixTranscript => {
  const lines = fs.readFileSync(mixTranscriptPath(engine, variant, mixer), "utf8").split("\n").filter((l) => l.trim() !== "")
  const header = JSON.parse(lines[0]).header
  const calls = lines.slice(1).map((l) => {
    const c = JSON.parse(l)
    return { ...c, params: fromGoldenJson(c.params ?? []), result: c.result === undefined ? undefined : fromGoldenJson(c.result) } as MixCall
  })
  const config = JSON.parse(fs.readFileSync(path.join(goldenDir, engine, `${variant}.config.json`), "utf8"))
  return { header, calls, config }
}

/** A recorded payload (raw bytes holding one msgpack object) decoded. */
export const payload = (bytes: unknown): unknown => {
  if (!(bytes instanceof Uint8Array)) throw new Error(`expected a raw payload, got ${typeof bytes}`)
  return decodeValue(bytes)
}
