// In-process throughput of the classifier driver (no RPC): AROW, 20 num features per datum, 2 labels,
// train in batches of 100 then classify the same datums — the shape of the jubaclassifier figures in
// wire-samples.md (~146k train/s, ~285k classify/s over RPC on a 2-core VM).
// Usage: bun bench/classifier-throughput.ts [N]
import { classifierEngine } from "../src/engine/classifier/engine.ts"
import type { Datum } from "../src/fv/Datum.ts"

const n = Number(process.argv[2] ?? 20000)
const config = {
  method: "AROW",
  parameter: { regularization_weight: 1.0 },
  converter: { num_rules: [{ key: "*", type: "num" }] }
}

let seed = 42
const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 0x100000000
const data: Array<[string, Datum]> = []
for (let i = 0; i < n; i++) {
  const label = i % 2 === 0 ? "pos" : "neg"
  const nums: Array<[string, number]> = []
  for (let j = 0; j < 20; j++) nums.push([`f${j}`, rnd() * 2 - 1 + (label === "pos" ? 0.1 : -0.1)])
  data.push([label, [[], nums, []]])
}
const batches = (xs: ReadonlyArray<[string, Datum]>) => {
  const out: Array<Array<[string, Datum]>> = []
  for (let i = 0; i < xs.length; i += 100) out.push(xs.slice(i, i + 100))
  return out
}

for (const distributed of [false, true]) {
  for (let round = 0; round < 3; round++) {
    const d = classifierEngine.create(classifierEngine.decodeConfig(config), { distributed })
    const trainBatches = batches(data)
    const classifyBatches = trainBatches.map((b) => b.map(([, x]) => x))
    const cpu = () => {
      const u = process.cpuUsage()
      return (u.user + u.system) / 1000
    }
    const [t0, c0] = [performance.now(), cpu()]
    for (const b of trainBatches) d.train(b)
    const [t1, c1] = [performance.now(), cpu()]
    for (const b of classifyBatches) d.classify(b)
    const [t2, c2] = [performance.now(), cpu()]
    // per CPU second too: on a shared machine the wall clock also counts other processes' turns
    const rate = (ms: number) => Math.round((n / ms) * 1000)
    console.log(
      `${distributed ? "mixture   " : "standalone"} round ${round}: train ${rate(t1 - t0)}/s wall, ${rate(c1 - c0)}/s cpu; ` +
        `classify ${rate(t2 - t1)}/s wall, ${rate(c2 - c1)}/s cpu`
    )
  }
}
