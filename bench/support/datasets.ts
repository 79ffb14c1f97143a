// Data sets for the benchmarks as labelled num-only samples: digits (../shared/data/digits.jsonl),
// Fashion-MNIST from Debian's dataset-fashion-mnist (gzipped IDX files, parsed here), and the
// synthetic two-label Gaussian data of ../shared/tools/mkreqs.py (20 features, means ±0.3).
import * as fs from "node:fs"
import * as path from "node:path"
import { gunzipSync } from "node:zlib"
import { sharedData } from "../../test/support/juba.ts"
import type { Sample } from "./requests.ts"

export interface DataSet {
  readonly name: string
  readonly train: ReadonlyArray<Sample>
  readonly test: ReadonlyArray<Sample>
}

export const loadDigits = (): DataSet => {
  const train: Array<Sample> = []
  const test: Array<Sample> = []
  let keys: Array<string> = []
  for (const line of fs.readFileSync(path.join(sharedData, "digits.jsonl"), "utf8").split("\n")) {
    if (line.trim() === "") continue
    const row = JSON.parse(line) as { split: string; label: string; num: Record<string, number> }
    const k = Object.keys(row.num)
    // Rows share one key array when their keys are the same, as dense data does.
    if (k.length !== keys.length || k.some((x, i) => x !== keys[i])) keys = k
    const sample = { label: row.label, keys, values: Float64Array.from(k.map((x) => row.num[x])) }
    ;(row.split === "test" ? test : train).push(sample)
  }
  return { name: "digits", train, test }
}

export const fashionDir = "/usr/share/datasets/fashion-mnist"

const readIdx = (file: string, magic: number): { dims: Array<number>; data: Uint8Array } => {
  const bytes = gunzipSync(fs.readFileSync(file))
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (view.getUint32(0) !== magic) throw new Error(`cannot read IDX file "${file}": magic 0x${view.getUint32(0).toString(16)}, expected 0x${magic.toString(16)}`)
  const rank = magic & 0xff
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i))
  return { dims, data: bytes.subarray(4 + 4 * rank) }
}

/** 784 num features `p0`…`p783` (pixel / 255, zeros included) and labels "0"…"9"; `limit` cuts each split. */
export const loadFashionMnist = (limit = Infinity): DataSet | string => {
  if (!fs.existsSync(path.join(fashionDir, "train-images-idx3-ubyte.gz"))) return `no ${fashionDir} (apt-get install -y dataset-fashion-mnist)`
  const split = (prefix: string): Array<Sample> => {
    const images = readIdx(path.join(fashionDir, `${prefix}-images-idx3-ubyte.gz`), 0x803)
    const labels = readIdx(path.join(fashionDir, `${prefix}-labels-idx1-ubyte.gz`), 0x801)
    const [count, rows, cols] = images.dims
    const size = rows * cols
    const keys = Array.from({ length: size }, (_, i) => `p${i}`)
    const n = Math.min(count, limit)
    const out: Array<Sample> = []
    for (let i = 0; i < n; i++) {
      const values = new Float64Array(size)
      for (let j = 0; j < size; j++) values[j] = images.data[i * size + j] / 255
      out.push({ label: String(labels.data[i]), keys, values })
    }
    return out
  }
  return { name: "fashion-mnist", train: split("train"), test: split("t10k") }
}

/** mkreqs.py's data: `n` samples of `features` num features `f0`…, label pos/neg at random. */
export const gaussianSamples = (n: number, features: number, seed = 1): Array<Sample> => {
  let s = seed >>> 0
  const uniform = () => {
    // xorshift32: deterministic and cheap; the figures need the shape of the data, not its bits.
    s ^= s << 13
    s >>>= 0
    s ^= s >>> 17
    s ^= s << 5
    s >>>= 0
    return (s + 0.5) / 4294967296
  }
  const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform())
  const keys = Array.from({ length: features }, (_, i) => `f${i}`)
  return Array.from({ length: n }, () => {
    const label = uniform() < 0.5 ? "pos" : "neg"
    const mu = label === "pos" ? 0.3 : -0.3
    return { label, keys, values: Float64Array.from(keys, () => mu + gauss()) }
  })
}
