// The online update rules of the linear classifier (jubatus_core classifier/linear_classifier.cpp,
// perceptron.cpp, passive_aggressive{,_1,_2}.cpp, confidence_weighted.cpp, arow.cpp, normal_herd.cpp).
// The arithmetic follows Jubatus's expression by expression, including where it computes in C++
// `float` (the regularization weight is a float, and float·float products stay float), so that a
// model trained here scores bit for bit like one trained by jubaclassifier.
import type { LinearMethod } from "./ClassifierConfig.ts"
import type { WeightStorage } from "../linear/WeightStorage.ts"

const f32 = Math.fround

/** What one example did to the weights: the label unlearner is told only about updates. */
export type TrainOutcome = "unchanged" | "registered" | "updated"

export class LinearTrainer {
  private scores = new Float64Array(8)
  private fids = new Int32Array(32)
  private readonly c: number

  /** `regularizationWeight` is the config's value; it is used as C++ `float`. */
  constructor(
    readonly method: LinearMethod,
    regularizationWeight: number
  ) {
    this.c = f32(regularizationWeight)
  }

  /**
   * The score of every label for a vector (storage inp), indexed by label id; valid until the next
   * call. Features unknown to the storage are skipped.
   */
  scoreAll(st: WeightStorage, keys: ReadonlyArray<string>, values: ReadonlyArray<number>): Float64Array {
    const scores = this.scoreBuffer(st)
    st.accumulateScores(keys, values, scores)
    return scores
  }

  /** Trains one example; `keys` must be sorted and merged (SortedVector). */
  train(st: WeightStorage, keys: ReadonlyArray<string>, values: ReadonlyArray<number>, n: number, label: string): TrainOutcome {
    if (this.fids.length < n) this.fids = new Int32Array(Math.max(n, this.fids.length * 2))
    const fids = this.fids
    for (let i = 0; i < n; i++) fids[i] = st.featureId(keys[i])
    const scores = this.scoreBuffer(st)
    st.accumulateScoresById(fids, values, n, scores)

    const live = st.labels.live
    const y = st.labels.id(label)

    if (this.method === "perceptron") {
      // the predicted label: the first with the highest score
      let p = -1
      let best = -Number.MAX_VALUE
      for (let i = 0; i < live.length; i++) {
        const s = scores[live[i]]
        if (i === 0 || s > best) {
          best = s
          p = live[i]
        }
      }
      const predicted = p < 0 ? "" : st.labels.name(p)
      if (predicted === label) return "unchanged"
      this.bulkUpdate(st, keys, values, n, 1.0, label, predicted)
      return "updated"
    }

    // the rival: the best-scoring other label (linear_classifier::get_largest_incorrect_label)
    let r = -1
    let best = -Number.MAX_VALUE
    for (let i = 0; i < live.length; i++) {
      const id = live[i]
      if (id === y) continue
      const s = scores[id]
      if (s > best || i === 0) {
        best = s
        r = id
      }
    }
    const rival = r < 0 ? "" : st.labels.name(r)
    const margin = (r < 0 ? 0 : scores[r]) - (y < 0 ? 0 : scores[y])

    switch (this.method) {
      case "passive_aggressive":
      case "passive_aggressive_1":
      case "passive_aggressive_2": {
        const loss = 1.0 + margin
        if (loss < 0.0) {
          // plain PA returns without registering the label; PA1 and PA2 register it
          if (this.method === "passive_aggressive") return "unchanged"
          st.labels.intern(label)
          return "registered"
        }
        let norm = 0.0
        for (let i = 0; i < n; i++) norm += values[i] * values[i]
        if (norm === 0.0) {
          st.labels.intern(label)
          return "registered"
        }
        let step: number
        if (this.method === "passive_aggressive") {
          step = loss / (2 * norm)
        } else if (this.method === "passive_aggressive_1") {
          const t = loss / (2 * norm)
          step = t < this.c ? t : this.c // std::min(C, t)
        } else {
          step = loss / (2 * norm + f32(1 / f32(2 * this.c)))
        }
        this.bulkUpdate(st, keys, values, n, step, label, rival)
        return "updated"
      }
      default:
        return this.trainConfidence(st, keys, values, n, label, y, rival, r, -margin)
    }
  }

  /** CW, AROW and NHERD: they need the variance V along x before any write. `m` is −margin. */
  private trainConfidence(
    st: WeightStorage,
    keys: ReadonlyArray<string>,
    values: ReadonlyArray<number>,
    n: number,
    label: string,
    y: number,
    rival: string,
    r: number,
    m: number
  ): TrainOutcome {
    const fids = this.fids
    let variance = 0.0
    for (let i = 0; i < n; i++) {
      let cy = 1.0
      let cr = 1.0
      const fid = fids[i]
      if (fid >= 0) {
        const s1 = y < 0 ? -1 : st.findSlot(fid, y)
        const s2 = r < 0 ? -1 : st.findSlot(fid, r)
        if (s1 >= 0) cy = st.covAt(s1)
        if (s2 >= 0) cr = st.covAt(s2)
      }
      const x = values[i]
      variance += (cy + cr) * x * x
    }

    const c = this.c
    let gamma = 0.0
    if (this.method === "confidence_weighted") {
      const b = 1.0 + f32(2 * c) * m
      gamma = -b + Math.sqrt(b * b - f32(8 * c) * (m - c * variance))
      if (gamma <= 0.0) {
        st.labels.intern(label)
        return "registered"
      }
      gamma /= f32(4 * c) * variance
    } else if (m >= 1.0) {
      st.labels.intern(label)
      return "registered"
    }
    // with no features nothing is written, so the label is not registered either (as in Jubatus)
    if (n === 0) return "updated"
    const ny = st.labels.intern(label)
    const hasRival = rival !== ""
    const nr = hasRival ? st.labels.intern(rival) : -1

    if (this.method === "confidence_weighted") {
      for (let i = 0; i < n; i++) {
        const x = values[i]
        const fid = fids[i] >= 0 ? fids[i] : st.ensureFeature(keys[i])
        const covarStep = 2.0 * gamma * x * x * c
        this.read(st, fid, ny)
        st.set2(fid, ny, this.rw + gamma * this.rc * x, 1.0 / (1.0 / this.rc + covarStep))
        if (hasRival) {
          this.read(st, fid, nr)
          st.set2(fid, nr, this.rw - gamma * this.rc * x, 1.0 / (1.0 / this.rc + covarStep))
        }
      }
    } else if (this.method === "arow") {
      const beta = 1.0 / (variance + 1.0 / c)
      const alpha = (1.0 - m) * beta
      for (let i = 0; i < n; i++) {
        const x = values[i]
        const fid = fids[i] >= 0 ? fids[i] : st.ensureFeature(keys[i])
        this.read(st, fid, ny)
        let w = this.rw
        let v = this.rc
        st.set2(fid, ny, w + alpha * v * x, v - beta * v * v * x * x)
        if (hasRival) {
          this.read(st, fid, nr)
          w = this.rw
          v = this.rc
          st.set2(fid, nr, w - alpha * v * x, v - beta * v * v * x * x)
        }
      }
    } else {
      // normal_herd
      const shrink = f32(2 * c) + f32(c * c) * variance
      for (let i = 0; i < n; i++) {
        const x = values[i]
        const fid = fids[i] >= 0 ? fids[i] : st.ensureFeature(keys[i])
        this.read(st, fid, ny)
        let v = this.rc
        st.set2(fid, ny, this.rw + ((1.0 - m) * (x * v)) / (variance + 1.0 / c), 1.0 / (1.0 / v + shrink * x * x))
        if (hasRival) {
          this.read(st, fid, nr)
          v = this.rc
          st.set2(fid, nr, this.rw - ((1.0 - m) * (x * v)) / (variance + 1.0 / c), 1.0 / (1.0 / v + shrink * x * x))
        }
      }
    }
    return "updated"
  }

  // the (weight, covariance) last read: fields rather than a returned pair, to allocate nothing
  private rw = 0.0
  private rc = 1.0

  /** Reads (weight, covariance) of (feature, label) into rw/rc, (0, 1) when absent. */
  private read(st: WeightStorage, fid: number, labelId: number): void {
    const s = st.findSlot(fid, labelId)
    if (s < 0) {
      this.rw = 0.0
      this.rc = 1.0
    } else {
      this.rw = st.weightAt(s)
      this.rc = st.covAt(s)
    }
  }

  /** storage bulk_update: w[f, inc] += step·x_f, w[f, dec] −= step·x_f (dec "" = none). */
  private bulkUpdate(
    st: WeightStorage,
    keys: ReadonlyArray<string>,
    values: ReadonlyArray<number>,
    n: number,
    step: number,
    inc: string,
    dec: string
  ): void {
    const incId = st.labels.intern(inc)
    const decId = dec === "" ? -1 : st.labels.intern(dec)
    const fids = this.fids // looked up by train(); no feature is freed while training
    for (let i = 0; i < n; i++) {
      const val = values[i] * step
      const fid = fids[i] >= 0 ? fids[i] : st.ensureFeature(keys[i])
      st.addWeight(fid, incId, val)
      if (decId >= 0) st.addWeight(fid, decId, -val)
    }
  }

  private scoreBuffer(st: WeightStorage): Float64Array {
    const need = st.labels.idLimit
    if (this.scores.length < need) this.scores = new Float64Array(Math.max(need, this.scores.length * 2))
    else this.scores.fill(0, 0, need)
    return this.scores
  }
}
