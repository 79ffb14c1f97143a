// The regression engine's model state (jubatus_core driver/regression.cpp with regression/
// linear_regression.cpp and the seven linear methods): converter + the classifier's weight storage
// (local_storage, or local_storage_mixture when distributed) holding the single class "+", trained
// and queried synchronously in double arithmetic, as jubatus_core does. Its two linear mixables are
// the storage and the converter's weight manager, in that order.
import type { Datum } from "../../fv/Datum.ts"
import type { Converter } from "../../fv/Converter.ts"
import { requireFiniteBatch, requireFiniteNumber } from "../../fv/finiteValues.ts"
import { ModelFormatError } from "../../common/errors.ts"
import type { Driver, LinearMixable } from "../Driver.ts"
import type { DriverMode } from "../Engine.ts"
import { packStorage, unpackStorage } from "../linear/storageCodec.ts"
import {
  decodeStorageDiff,
  encodeStorageDiff,
  mixStorageDiffs,
  putStorageDiff,
  storageDiffOf
} from "../linear/storageDiff.ts"
import { WeightStorage } from "../linear/WeightStorage.ts"
import type { RegressionConfig } from "./RegressionConfig.ts"

export type ScoredDatum = [score: number, datum: Datum]

/** The one class linear_regression trains. */
const PLUS = "+"

interface DriverDiff {
  readonly storage: ReturnType<typeof decodeStorageDiff>
  readonly weights: unknown
}

const decodeDriverDiff = (v: unknown): DriverDiff => {
  if (!Array.isArray(v) || v.length !== 2) {
    throw new ModelFormatError("regression diff: expected [storage_diff, weights_diff]")
  }
  return { storage: decodeStorageDiff(v[0]), weights: v[1] }
}

export class RegressionDriver implements Driver {
  private storage: WeightStorage
  private readonly mixture: boolean
  // running statistics of the PA family (not part of the model file, as in jubatus_core)
  private sum = 0
  private sqSum = 0
  private count = 0
  private scores = new Float64Array(1)
  readonly mixable: LinearMixable | undefined

  constructor(
    readonly config: RegressionConfig<unknown>,
    private readonly converter: Converter,
    mode: DriverMode
  ) {
    this.mixture = mode.distributed
    this.storage = new WeightStorage(this.mixture)
    this.mixable = this.mixture
      ? { getDiff: () => this.getDiff(), mix: (l, r) => this.mix(l, r), putDiff: (d) => this.putDiff(d) }
      : undefined
  }

  /** Learns each `[score, datum]` in order; returns how many were trained. */
  train(data: ReadonlyArray<ScoredDatum>): number {
    for (const [score] of data) requireFiniteNumber(score, "score")
    requireFiniteBatch(data, (d) => d[1])
    for (const [score, datum] of data) {
      const fv = this.converter.convertForUpdate(datum)
      this.trainOne(fv.keys, fv.values, score)
    }
    return data.length
  }

  estimate(data: ReadonlyArray<Datum>): Array<number> {
    return data.map((d) => {
      const fv = this.converter.convert(d)
      return this.predict(fv.keys, fv.values)
    })
  }

  clear(): void {
    this.storage.clear()
    this.sum = 0
    this.sqSum = 0
    this.count = 0
    this.converter.weights.clear()
  }

  /** `[[storage], weight_manager]` (linear_regression packs its storage in a one-element array). */
  pack(): unknown {
    return [[packStorage(this.storage)], this.converter.weights.pack()]
  }

  unpack(packed: unknown): void {
    if (!Array.isArray(packed) || packed.length !== 2) {
      throw new ModelFormatError("regression: expected [regression_model, weight_manager]")
    }
    const model = packed[0]
    if (!Array.isArray(model) || model.length !== 1) throw new ModelFormatError("regression model: expected [storage]")
    const storage = unpackStorage(model[0], this.mixture)
    this.converter.weights.unpack(packed[1]) // throws before changing anything when malformed
    this.storage = storage
    this.sum = 0
    this.sqSum = 0
    this.count = 0
  }

  status(): Record<string, string> {
    const st = this.storage
    const out: Record<string, string> = {
      num_features: String(st.numFeatures),
      num_classes: String(st.labels.size)
    }
    if (this.mixture) {
      out.num_features_diff = String(st.numFeaturesDiff)
      out.model_version = String(st.modelVersion)
    }
    out.storage = this.mixture ? "local_storage_mixture" : "local_storage"
    return out
  }

  // --- MIX --------------------------------------------------------------------------------------

  private getDiff(): unknown {
    return [encodeStorageDiff(storageDiffOf(this.storage)), this.converter.weights.getDiff()]
  }

  private mix(lhs: unknown, rhs: unknown): unknown {
    const l = this.decodeOnce(lhs)
    const r = this.decodeOnce(rhs)
    const folded: DriverDiff = {
      storage: mixStorageDiffs(l.storage, r.storage),
      weights: this.converter.weights.mix(l.weights, r.weights)
    }
    const wire = [encodeStorageDiff(folded.storage), folded.weights]
    // The mixer folds member after member into the previous fold: remember what this one decodes to.
    this.folds.set(wire, folded)
    return wire
  }

  private readonly folds = new WeakMap<object, DriverDiff>()

  private decodeOnce(v: unknown): DriverDiff {
    return (typeof v === "object" && v !== null ? this.folds.get(v) : undefined) ?? decodeDriverDiff(v)
  }

  private putDiff(diff: unknown): boolean {
    const d = decodeDriverDiff(diff)
    let ok = putStorageDiff(this.storage, d.storage)
    ok = this.converter.weights.putDiff(d.weights) && ok
    return ok
  }

  // --- the linear methods (jubatus_core regression/*.cpp) --------------------------------------

  /** storage inp of class "+": Σ w_f·x_f over the features the storage knows. */
  private predict(keys: ReadonlyArray<string>, values: ReadonlyArray<number>): number {
    const st = this.storage
    const plus = st.labels.id(PLUS)
    if (plus < 0) return 0
    if (this.scores.length < st.labels.idLimit) this.scores = new Float64Array(st.labels.idLimit)
    const scores = this.scores
    scores.fill(0)
    st.accumulateScores(keys, values, scores)
    return scores[plus]
  }

  /** The stored slot of (feature, "+"), or -1. */
  private slotOf(feature: string): number {
    const st = this.storage
    const fid = st.featureId(feature)
    const plus = st.labels.id(PLUS)
    return fid < 0 || plus < 0 ? -1 : st.findSlot(fid, plus)
  }

  /** linear_regression::calc_variance: Σ cov_f·x_f², an unknown feature counting as covariance 1. */
  private variance(keys: ReadonlyArray<string>, values: ReadonlyArray<number>): number {
    let v = 0
    for (let i = 0; i < keys.length; i++) {
      const s = this.slotOf(keys[i])
      const cov = s < 0 ? 1 : this.storage.covAt(s)
      v += cov * values[i] * values[i]
    }
    return v
  }

  /** Reads (weight, covariance) of a feature — (0, 1) when absent — and stores f(weight, covariance). */
  private set2(feature: string, f: (w: number, cov: number) => [number, number]): void {
    const st = this.storage
    const s = this.slotOf(feature)
    const [w, cov] = s < 0 ? f(0, 1) : f(st.weightAt(s), st.covAt(s))
    st.set2(st.ensureFeature(feature), st.labels.intern(PLUS), w, cov)
  }

  /** linear_regression::update: w += x·coeff (storage bulk_update of class "+"). */
  private bulkUpdate(keys: ReadonlyArray<string>, values: ReadonlyArray<number>, coeff: number): void {
    const st = this.storage
    const plus = st.labels.intern(PLUS)
    for (let i = 0; i < keys.length; i++) st.addWeight(st.ensureFeature(keys[i]), plus, values[i] * coeff)
  }

  private trainOne(keys: ReadonlyArray<string>, values: ReadonlyArray<number>, value: number): void {
    const cfg = this.config
    switch (cfg.method) {
      case "perceptron": {
        const error = value - this.predict(keys, values)
        this.bulkUpdate(keys, values, error * cfg.learningRate)
        return
      }
      case "passive_aggressive":
      case "passive_aggressive_1":
      case "passive_aggressive_2": {
        this.sum += value
        this.sqSum += value * value
        this.count += 1
        const avg = this.sum / this.count
        const stdDev = Math.sqrt(this.sqSum / this.count - avg * avg)
        const error = value - this.predict(keys, values)
        const sign = error > 0 ? 1 : -1
        const loss = sign * error - cfg.sensitivity * stdDev
        if (loss > 0) {
          let norm = 0
          for (let i = 0; i < values.length; i++) norm += values[i] * values[i]
          // PA2's `+ 1 / 2 * C` is an integer 0 in jubatus_core: the same coefficient as PA
          const coeff =
            cfg.method === "passive_aggressive_1"
              ? sign * Math.min(cfg.regularizationWeight, loss / norm)
              : (sign * loss) / norm
          if (coeff !== Infinity && coeff !== -Infinity) this.bulkUpdate(keys, values, coeff)
        }
        return
      }
      case "confidence_weighted": {
        const error = value - this.predict(keys, values)
        const sign = error > 0 ? 1 : -1
        const loss = sign * error - cfg.sensitivity
        const variance = this.variance(keys, values)
        const absError = Math.abs(error)
        if (loss > 0) {
          const C = cfg.regularizationWeight
          const b = 1 - 2 * C * absError
          let gamma = -b + Math.sqrt(b * b + 8 * C * (absError + C * variance))
          gamma /= 4 * C * variance
          for (let i = 0; i < keys.length; i++) {
            const x = values[i]
            const covarStep = 2 * gamma * x * x * C
            this.set2(keys[i], (w, cov) => [w + sign * gamma * cov * x, 1 / (1 / cov + covarStep)])
          }
        }
        return
      }
      case "arow": {
        const error = value - this.predict(keys, values)
        const sign = error > 0 ? 1 : -1
        const loss = sign * error - cfg.sensitivity
        if (loss > 0) {
          const variance = this.variance(keys, values)
          const beta = 1 / (variance + 1 / cfg.regularizationWeight)
          const alpha = sign * loss * beta
          for (let i = 0; i < keys.length; i++) {
            const x = values[i]
            this.set2(keys[i], (w, cov) => [w + alpha * cov * x, cov - beta * cov * cov * x * x])
          }
        }
        return
      }
      case "normal_herd": {
        const error = value - this.predict(keys, values)
        const sign = error > 0 ? 1 : -1
        const loss = sign * error - cfg.sensitivity
        if (loss > 0) {
          const variance = this.variance(keys, values)
          const C = cfg.regularizationWeight
          for (let i = 0; i < keys.length; i++) {
            const x = values[i]
            this.set2(keys[i], (w, cov) => [
              w + (sign * loss * (x * cov)) / (variance + 1 / C),
              1 / (1 / cov + (2 * C + C * C * variance) * x * x)
            ])
          }
        }
        return
      }
    }
  }
}
