// Memory of the classifier's weight storage: builds 1,000,000 (feature, label) weights and prints
// the process RSS before and after, and bytes per weight.
//   --order label    100,000 features × 10 labels, one label at a time (every row grows slot by slot)
//   --order feature  100,000 features × 10 labels, one feature at a time (rows grow in place)
//   --order train    as training does: per example 20 random features of 200,000, the true label
//                    and a rival among 10, until 1,000,000 weights exist
// Usage: bun bench/classifier-memory.ts [--mixture] [--order label|feature|train]
import { WeightStorage } from "../src/engine/linear/WeightStorage.ts"

const mixture = process.argv.includes("--mixture")
const orderAt = process.argv.indexOf("--order")
const order = orderAt >= 0 ? process.argv[orderAt + 1] : "label"
const features = 100_000
const labels = 10
const target = features * labels

const gc = (): void => (globalThis as { Bun?: { gc: (force: boolean) => void } }).Bun?.gc(true)
const mb = (n: number) => (n / 1048576).toFixed(1)

// feature names built up front: they belong to the converter's cost, not the storage's
const names = Array.from({ length: order === "train" ? 2 * features : features }, (_, i) => `word${i}$token@str#bin/bin`)
gc()
const before = process.memoryUsage().rss

const st = new WeightStorage(mixture)
const ids = Array.from({ length: labels }, (_, i) => st.labels.intern(`label${i}`))
const t0 = performance.now()
if (order === "feature") {
  for (let f = 0; f < features; f++) for (const lid of ids) st.set2(st.ensureFeature(names[f]), lid, f * 1e-6, 0.5)
} else if (order === "train") {
  let seed = 1
  const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n
  let slots = 0
  while (slots < target) {
    const y = ids[rnd(labels)]
    const r = ids[rnd(labels)]
    for (let j = 0; j < 20; j++) {
      const fid = st.ensureFeature(names[rnd(names.length)])
      if (st.findSlot(fid, y) < 0) slots++
      st.set2(fid, y, 0.1, 0.5)
      if (r === y) continue
      if (st.findSlot(fid, r) < 0) slots++
      st.set2(fid, r, -0.1, 0.5)
    }
  }
} else {
  for (const lid of ids) for (let f = 0; f < features; f++) st.set2(st.ensureFeature(names[f]), lid, f * 1e-6, 0.5)
}
const buildMs = performance.now() - t0
gc()
const after = process.memoryUsage().rss
const weights = st.slotCount

console.log(`storage: ${mixture ? "local_storage_mixture" : "local_storage"}, order: ${order}`)
console.log(`weights: ${weights} over ${st.numFeatures} features and ${labels} labels, built in ${buildMs.toFixed(0)} ms`)
console.log(`rss before: ${mb(before)} MB, after: ${mb(after)} MB, delta: ${mb(after - before)} MB`)
console.log(`bytes per weight: ${((after - before) / weights).toFixed(1)} by RSS (incl. the feature-id Map), ${(st.arenaBytes / weights).toFixed(1)} in typed arrays`)
