// `juba demo` (`npx bun run demo`): the main job in one command. Starts a standalone classifier on a
// free port, streams handwritten digits into it through the typed client — predicting each batch
// before learning from it, so the running accuracy shows the model learning — then scores the held-out
// rows and stops. Uses ../shared/data/digits.jsonl when present, else a generated data set.
import * as fs from "node:fs"
import * as path from "node:path"
import { ClassifierClient, datumOf, startServer, type Datum } from "../mod.ts"
import type { Command } from "./dispatch.ts"

interface Row {
  readonly split: string
  readonly label: string
  readonly datum: Datum
}

const dataCandidates = (): Array<string> =>
  [
    process.env.JUBA_DEMO_DATA,
    path.resolve(process.cwd(), "../shared/data/digits.jsonl"),
    path.resolve(import.meta.dirname ?? ".", "../../shared/data/digits.jsonl")
  ].filter((p): p is string => p !== undefined)

const loadDigits = (): { rows: Array<Row>; source: string } | undefined => {
  for (const file of dataCandidates()) {
    if (!fs.existsSync(file)) continue
    const rows = fs
      .readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => {
        const o = JSON.parse(l) as { split: string; label: string; string: Record<string, string>; num: Record<string, number> }
        return { split: o.split, label: o.label, datum: datumOf({ string: o.string, num: o.num }) }
      })
    return { rows, source: file }
  }
  return undefined
}

/** Three noisy clusters in 16 dimensions: learnable, and deterministic from a fixed seed. */
const generated = (): Array<Row> => {
  let seed = 7
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 0x100000000)
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd())
  const labels = ["red", "green", "blue"]
  return Array.from({ length: 1800 }, (_, i) => {
    const k = i % 3
    const num: Record<string, number> = {}
    for (let d = 0; d < 16; d++) num[`x${d}`] = (d % 3 === k ? 1.5 : 0) + gauss()
    return { split: i < 1350 ? "train" : "test", label: labels[k], datum: datumOf({ num }) }
  })
}

const config = {
  method: "AROW",
  parameter: { regularization_weight: 1.0 },
  converter: {
    string_filter_types: {}, string_filter_rules: [], num_filter_types: {}, num_filter_rules: [],
    string_types: {}, string_rules: [{ key: "*", type: "str", sample_weight: "bin", global_weight: "bin" }],
    num_types: {}, num_rules: [{ key: "*", type: "num" }]
  }
}

const bar = (done: number, total: number, width = 30): string => {
  const filled = Math.round((done / total) * width)
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}]`
}

const best = (scores: ReadonlyArray<readonly [string, number]>): string => {
  let label = ""
  let top = -Infinity
  for (const [l, s] of scores) if (s > top) [label, top] = [l, s]
  return label
}

export const runDemo = async (_command: Command): Promise<number> => {
  const digits = loadDigits()
  const rows = digits?.rows ?? generated()
  const train = rows.filter((r) => r.split === "train")
  const test = rows.filter((r) => r.split !== "train")
  const server = await startServer({ type: "classifier", config })
  const client = ClassifierClient({ port: server.port })
  const tty = process.stdout.isTTY === true
  console.log(`juba demo: AROW classifier on 127.0.0.1:${server.port}, ${train.length} training rows from ${digits?.source ?? "a generated data set"}`)
  const started = performance.now()
  let seen = 0
  let correct = 0
  const batch = 50
  for (let i = 0; i < train.length; i += batch) {
    const chunk = train.slice(i, i + batch)
    const predicted = await client.classify(chunk.map((r) => r.datum))
    let batchCorrect = 0
    chunk.forEach((r, k) => {
      if (best(predicted[k]) === r.label) batchCorrect++
    })
    await client.train(chunk.map((r) => [r.label, r.datum] as [string, Datum]))
    seen += chunk.length
    correct += batchCorrect
    const line = `${bar(seen, train.length)} ${String(seen).padStart(5)}/${train.length}  accuracy so far ${(correct / seen).toFixed(3)}  (this batch ${(batchCorrect / chunk.length).toFixed(3)})`
    if (tty) process.stdout.write(`\r${line}`)
    else if ((i / batch) % 5 === 0 || seen === train.length) console.log(line)
  }
  if (tty) process.stdout.write("\n")
  const predictions = await client.classify(test.map((r) => r.datum))
  const testCorrect = test.filter((r, k) => best(predictions[k]) === r.label).length
  const seconds = (performance.now() - started) / 1000
  console.log(`held-out accuracy: ${(testCorrect / Math.max(1, test.length)).toFixed(3)} on ${test.length} rows (learned online in ${seconds.toFixed(2)} s)`)
  const status = (await client.getStatus())[`127.0.0.1_${server.port}`]
  console.log(`model: ${status.num_classes} labels, ${status.num_features} features, ${status.update_count} update calls`)
  client.close()
  await server.stop()
  return 0
}
