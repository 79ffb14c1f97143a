// Throughput, accuracy and memory of jubaclassifier (issue 3), run as its own process from dist/bin:
// AROW with every num feature as-is (../shared/data/digits.config.json), train and classify calls of
// 100 datums, pre-encoded and pipelined (16 in flight a connection) from client processes, 1 and 4
// connections, on digits and Fashion-MNIST; accuracy on each test split and get_status RSS after
// training. Then the C load generator's recipe of ../shared/BENCH.md next to the C++ Jubatus 1.1.1 bar.
//   npx bun bench/classifier.ts [--conns 1,4] [--digits-epochs 30] [--fashion-train 60000] [--no-fashion] [--no-loadgen]
import * as fs from "node:fs"
import * as path from "node:path"
import { sharedData } from "../test/support/juba.ts"
import { classifierEngine } from "../src/engine/classifier/engine.ts"
import { breakdown, inProcessServer } from "./support/breakdown.ts"
import { accuracy, rssKiB } from "./support/classifierCalls.ts"
import { type LoadPlan, planLoad, runLoad } from "./support/clients.ts"
import { type DataSet, gaussianSamples, loadDigits, loadFashionMnist } from "./support/datasets.ts"
import { prepareLoadgen, runLoadgen, startClassifier } from "./support/processes.ts"
import { classifyFrames, type Sample, trainFrames } from "./support/requests.ts"
import { argList, argValue, printTable, rate } from "./support/table.ts"

const BATCH = 100
const WINDOW = 16
const conns = argList("--conns", [1, 4])
const digitsEpochs = Number(argValue("--digits-epochs", "30"))
const fashionTrain = Number(argValue("--fashion-train", "60000"))
const config = JSON.parse(fs.readFileSync(path.join(sharedData, "digits.config.json"), "utf8")) as unknown

const repeat = <A>(xs: ReadonlyArray<A>, times: number): Array<A> => Array.from({ length: times }, () => xs).flat()

interface Run {
  readonly data: DataSet
  /** Passes over the train split in the timed training. */
  readonly epochs: number
  /** Passes over the test split in the timed classification. */
  readonly classifyPasses: number
  readonly conns: number
}

const rows: Array<Array<string>> = []
const split: Array<Array<string>> = []

/** µs a datum per stage of an in-process server (no sockets), and the rate those stages allow. */
const splitRow = (data: string, method: string, frames: ReadonlyArray<Uint8Array>, datums: number, warm: ReadonlyArray<Uint8Array>): void => {
  // A first server runs the path once so the JIT has compiled it before the timed server.
  const first = inProcessServer(classifierEngine, config)
  breakdown(first, warm)
  if (method === "classify") breakdown(first, frames.slice(0, 50))
  const server = inProcessServer(classifierEngine, config)
  if (method === "classify") breakdown(server, warm)
  const b = breakdown(server, frames)
  const us = (sec: number) => ((sec * 1e6) / datums).toFixed(2)
  const total = b.scan + b.decode + b.handle + b.encode
  split.push([data, method, us(b.scan), us(b.decode), us(b.handle), us(b.encode), rate(datums / total)])
}

const measure = async (run: Run, train: LoadPlan, classify: LoadPlan): Promise<void> => {
  const server = await startClassifier(config)
  try {
    const t = await runLoad(server.port, train, WINDOW)
    const rss = await rssKiB(server.port, "")
    const acc = await accuracy(server.port, "", run.data.test)
    const c = await runLoad(server.port, classify, WINDOW)
    const errors = t.errors + c.errors > 0 ? ` errors: ${t.firstError ?? c.firstError}` : ""
    rows.push([
      run.data.name,
      String(run.conns),
      `${run.data.train.length * run.epochs} (${run.epochs} ep)`,
      // One pass over 1,348 rows lasts a few JIT-cold calls: shown in brackets, not a rate to quote.
      run.data.train.length * run.epochs < 10000 ? `(${rate((run.data.train.length * run.epochs) / t.seconds)})` : rate((run.data.train.length * run.epochs) / t.seconds),
      rate((run.data.test.length * run.classifyPasses) / c.seconds),
      `${(acc * 100).toFixed(2)}%`,
      `${rss}${errors}`
    ])
  } finally {
    await server.stop()
  }
}

const runDataSet = async (data: DataSet, epochsList: ReadonlyArray<number>, classifyPasses: number): Promise<void> => {
  const cls = classifyFrames("", repeat(data.test, classifyPasses), BATCH)
  for (const epochs of epochsList) {
    const tr = trainFrames("", repeat(data.train, epochs), BATCH)
    if (epochs === epochsList[epochsList.length - 1]) {
      const warm = trainFrames("", data.train.slice(0, 5000), BATCH)
      splitRow(data.name, "train", tr, data.train.length * epochs, warm)
      splitRow(data.name, "classify", cls, data.test.length * classifyPasses, warm)
    }
    for (const k of epochs === epochsList[0] && epochsList.length > 1 ? [1] : conns) {
      const trainPlan = planLoad(tr, k)
      const clsPlan = planLoad(cls, k)
      try {
        await measure({ data, epochs, classifyPasses, conns: k }, trainPlan, clsPlan)
      } finally {
        trainPlan.remove()
        clsPlan.remove()
      }
    }
  }
}

// digits: one pass gives the accuracy to compare; its 1,348 rows are too few to time, so more passes.
await runDataSet(loadDigits(), [1, digitsEpochs], 100)
if (!process.argv.includes("--no-fashion")) {
  const fashion = loadFashionMnist(fashionTrain)
  if (typeof fashion === "string") console.log(`Fashion-MNIST skipped: ${fashion}`)
  else await runDataSet(fashion, [1], 2)
}
printTable(
  `jubaclassifier AROW (num rule "*"), batch ${BATCH}, ${WINDOW} calls in flight a connection, one client process a connection`,
  ["data", "conns", "train datums", "train/s", "classify/s", "accuracy", "RSS KiB"],
  rows
)

printTable(
  "The same calls through an in-process server (MsgpackReader → EngineServer dispatcher → writer), µs a datum",
  ["data", "call", "scan", "decode", "handle", "encode", "ceiling/s"],
  split
)
split.length = 0

// The recipe of BENCH.md: 400,000 datums of 20 num features, batch 100, window 16.
if (!process.argv.includes("--no-loadgen")) {
  const loadgen = prepareLoadgen()
  const synthetic: Array<Sample> = gaussianSamples(400_000, 20)
  const warm = trainFrames("", synthetic.slice(0, 5000), BATCH)
  splitRow("synthetic-20", "train", trainFrames("", synthetic, BATCH), synthetic.length, warm)
  splitRow("synthetic-20", "classify", classifyFrames("", synthetic, BATCH), synthetic.length, warm)
  const jsTrain = planLoad(trainFrames("", synthetic, BATCH), 4)
  const jsTrain1 = planLoad(trainFrames("", synthetic, BATCH), 1)
  const jsCls = planLoad(classifyFrames("", synthetic, BATCH), 2)
  const jsCls1 = planLoad(classifyFrames("", synthetic, BATCH), 1)
  const bar: Array<[string, string, number, number, LoadPlan, number]> = [
    ["train", "train", 1, 148_000, jsTrain1, 2],
    ["train", "train", 4, 31_000, jsTrain, 5],
    ["classify", "classify", 1, 389_000, jsCls1, 1.5],
    ["classify", "classify", 2, 729_000, jsCls, 1]
  ]
  const out: Array<Array<string>> = []
  const server = await startClassifier(config)
  try {
    for (const [label, method, k, cpp, plan, aim] of bar) {
      let c = "-"
      let ratio = "-"
      if (typeof loadgen !== "string") {
        const req = method === "train" ? loadgen.train : loadgen.classify
        const r = runLoadgen(loadgen.binary, server.port, req.file, req.calls, WINDOW, k)
        const perSecond = (r.calls * BATCH) / r.seconds
        c = rate(perSecond) + (r.errors > 0 ? ` (${r.errors} errors)` : "")
        ratio = `${(perSecond / cpp).toFixed(2)}x`
      }
      const js = await runLoad(server.port, plan, WINDOW)
      out.push([label, String(k), c, rate((plan.calls * BATCH) / js.seconds), rate(cpp), ratio, `${aim}x`])
    }
  } finally {
    await server.stop()
    for (const p of [jsTrain, jsTrain1, jsCls, jsCls1]) p.remove()
  }
  printTable(
    "BENCH.md recipe: 400,000 datums, 20 num features, batch 100, window 16 (datums/s; ratio = C loadgen figure / C++)",
    ["call", "conns", "juba (C loadgen)", "juba (js client)", "C++ 1.1.1", "ratio", "aim"],
    out
  )
  if (typeof loadgen === "string") console.log(`C load generator skipped: ${loadgen}`)
  printTable("In-process split for the recipe's data, µs a datum", ["data", "call", "scan", "decode", "handle", "encode", "ceiling/s"], split)
}
