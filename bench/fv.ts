// Micro-benchmark of the datum → feature-vector converter: datums/s for 20 num features, 20 string
// features (str/bin/bin), and one tf-idf rule, for convert and convertForUpdate. Run: npx bun bench/fv.ts
import { decodeConverterConfig } from "../src/fv/ConverterConfig.ts"
import type { Converter } from "../src/fv/Converter.ts"
import type { Datum } from "../src/fv/Datum.ts"
import { makeConverter } from "../src/fv/makeConverter.ts"

const N_DATUMS = 1000
const words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"]

const numDatums: Array<Datum> = Array.from({ length: N_DATUMS }, (_, d) => [
  [],
  Array.from({ length: 20 }, (_, i): [string, number] => [`f${i}`, (d * 31 + i) % 97 / 7]),
  []
])
const stringDatums: Array<Datum> = Array.from({ length: N_DATUMS }, (_, d) => [
  Array.from({ length: 20 }, (_, i): [string, string] => [`s${i}`, words[(d + i) % words.length]]),
  [],
  []
])
const textDatums: Array<Datum> = Array.from({ length: N_DATUMS }, (_, d) => [
  [["text", Array.from({ length: 30 }, (_, i) => `${words[(d * 7 + i * 3) % 10]}${(d + i) % 50}`).join(" ")]],
  [],
  []
])

const measure = (label: string, c: Converter, datums: Array<Datum>, update: boolean): void => {
  const f = update ? c.convertForUpdate : c.convert
  let sink = 0
  for (let i = 0; i < 3 * N_DATUMS; i++) sink += f(datums[i % N_DATUMS]).keys.length // warm-up
  const rounds = 50
  const start = performance.now()
  for (let r = 0; r < rounds; r++) for (let i = 0; i < N_DATUMS; i++) sink += f(datums[i]).keys.length
  const seconds = (performance.now() - start) / 1000
  const perSecond = (rounds * N_DATUMS) / seconds
  console.log(`${label.padEnd(44)} ${Math.round(perSecond).toLocaleString("en-US").padStart(12)} datums/s  (${sink} features)`)
}

const make = (config: unknown): Converter => makeConverter(decodeConverterConfig(config))

measure("20 num features, num", make({ num_rules: [{ key: "*", type: "num" }] }), numDatums, false)
measure(
  "20 string features, str/bin/bin",
  make({ string_rules: [{ key: "*", type: "str", sample_weight: "bin", global_weight: "bin" }] }),
  stringDatums,
  false
)
const tfidf = { string_rules: [{ key: "*", type: "space", sample_weight: "tf", global_weight: "idf" }] }
measure("30-word text, space/tf/idf, train", make(tfidf), textDatums, true)
const trained = make(tfidf)
for (const d of textDatums) trained.convertForUpdate(d)
measure("30-word text, space/tf/idf, classify", trained, textDatums, false)
measure(
  "20 num features, num + hash_max_size 2^20",
  make({ num_rules: [{ key: "*", type: "num" }], hash_max_size: 1048576 }),
  numDatums,
  false
)
