import { describe, expect, test } from "bun:test"
import { WeightStorage } from "../../../src/engine/linear/WeightStorage.ts"

/** Reference model: feature → label → [weight, covariance]. */
type Reference = Map<string, Map<string, [number, number]>>

const read = (st: WeightStorage): Reference => {
  const out: Reference = new Map()
  const image = st.toImage()
  let k = 0
  image.features.forEach((f, i) => {
    const row = new Map<string, [number, number]>()
    for (let j = 0; j < image.rowLengths[i]; j++, k++) {
      const d = image.diffW.length > 0
      row.set(image.labels[image.slotLabels[k]], [
        image.masterW[k] + (d ? image.diffW[k] : 0),
        image.masterCov[k] + (d ? image.diffCov[k] : 0)
      ])
    }
    out.set(f, row)
  })
  return out
}

const sorted = (r: Reference) =>
  [...r.entries()].map(([f, row]) => [f, [...row.entries()].sort()] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1))

/** Random set2/addWeight/deleteLabel churn on a storage and on a reference, compared at the end. */
const churn = (mixture: boolean, steps: number): [WeightStorage, Reference] => {
  const st = new WeightStorage(mixture)
  const ref: Reference = new Map()
  let seed = 12345
  const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n
  for (let i = 0; i < steps; i++) {
    const op = rnd(100)
    const label = `L${rnd(12)}`
    if (op < 2) {
      const known = st.labels.id(label) >= 0
      expect(st.deleteLabel(label)).toBe(known)
      for (const [f, row] of ref) {
        row.delete(label)
        if (row.size === 0) ref.delete(f)
      }
      continue
    }
    const feature = `f${rnd(600)}`
    const fid = st.ensureFeature(feature)
    const lid = st.labels.intern(label)
    if (!ref.has(feature)) ref.set(feature, new Map())
    const row = ref.get(feature)!
    if (op < 60) {
      const w = rnd(1000) / 7
      const c = rnd(1000) / 13
      st.set2(fid, lid, w, c)
      row.set(label, [w, c])
    } else {
      const delta = rnd(100) - 50
      st.addWeight(fid, lid, delta)
      const old = row.get(label) ?? [0, 0]
      row.set(label, [old[0] + delta, old[1]])
    }
  }
  return [st, ref]
}

describe("WeightStorage", () => {
  test("keeps every weight through row moves, compactions and label deletions (standalone)", () => {
    const [st, ref] = churn(false, 60000)
    expect(sorted(read(st))).toEqual(sorted(ref))
    expect(st.numFeatures).toBe(ref.size)
  })

  test("keeps every weight through row moves, compactions and label deletions (mixture)", () => {
    const [st, ref] = churn(true, 60000)
    const got = read(st)
    for (const [f, row] of ref) {
      for (const [label, [w, c]] of row) {
        expect(got.get(f)?.get(label)?.[0]).toBeCloseTo(w, 9)
        expect(got.get(f)?.get(label)?.[1]).toBeCloseTo(c, 9)
      }
    }
    expect(st.numFeaturesDiff).toBe(ref.size)
  })

  test("scores a vector by summing weight × value per label", () => {
    const st = new WeightStorage(false)
    const a = st.labels.intern("A")
    const b = st.labels.intern("B")
    st.set2(st.ensureFeature("x"), a, 2, 1)
    st.set2(st.ensureFeature("x"), b, -1, 1)
    st.set2(st.ensureFeature("y"), b, 0.5, 1)
    const scores = new Float64Array(2)
    st.accumulateScores(["x", "y", "unknown"], [3, 4, 100], scores)
    expect([...scores]).toEqual([6, -3 + 2])
  })

  test("a mixture write stores value − master in the diff and creates a zero master entry", () => {
    const st = new WeightStorage(true)
    const fid = st.ensureFeature("x")
    const a = st.labels.intern("A")
    st.set2(fid, a, 0.25, 0.75)
    expect(st.numFeatures).toBe(1) // the zero master entry counts, as in Jubatus
    st.addToMaster("x", "A", 0.25, 0.75)
    st.modelVersion++
    st.clearDiff()
    st.set2(fid, a, 1, 0.5)
    const s = st.findSlot(fid, a)
    expect([st.w[s], st.cov[s], st.dw[s], st.dcov[s]]).toEqual([0.25, 0.75, 0.75, -0.25])
    expect([st.weightAt(s), st.covAt(s)]).toEqual([1, 0.5])
  })

  test("clearing the diff drops entries that exist only there", () => {
    const st = new WeightStorage(true)
    const a = st.labels.intern("A")
    st.addWeight(st.ensureFeature("only-diff"), a, 1)
    st.addToMaster("in-master", "A", 2, 1)
    st.clearDiff()
    expect(st.featureId("only-diff")).toBe(-1)
    expect(st.numFeaturesDiff).toBe(0)
    expect(st.numFeatures).toBe(1)
  })

  test("an image rebuilds the same storage, and a standalone one keeps only the master part", () => {
    const [st] = churn(true, 5000)
    st.addToMaster("m", "L1", 3, 1)
    const copy = WeightStorage.fromImage(st.toImage(), true)
    expect(sorted(read(copy))).toEqual(sorted(read(st)))
    expect(copy.numFeaturesDiff).toBe(st.numFeaturesDiff)
    const solo = WeightStorage.fromImage(st.toImage(), false)
    expect(sorted(read(solo)).find(([f]) => f === "m")).toEqual(["m", [["L1", [3, 1]]]])
  })
})
