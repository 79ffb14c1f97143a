// The regression engine's model state (jubatus_core driver/regression.cpp with regression/
// linear_regression.cpp and the seven linear methods): converter + a feature → [weight, covariance]
// table of the single class "+", trained and queried synchronously. The arithmetic is in double,
// as jubatus_core's local_storage keeps val1/val2/val3 as doubles.
import type { Datum } from "../../fv/Datum.ts"
import type { Converter } from "../../fv/Converter.ts"
import { requireFiniteBatch, requireFiniteNumber } from "../../fv/finiteValues.ts"
import { ModelFormatError } from "../../common/errors.ts"
import type { Driver } from "../Driver.ts"
import type { DriverMode } from "../Engine.ts"
import { packRegressionModel, unpackRegressionModel } from "./modelCodec.ts"
import type { RegressionConfig } from "./RegressionConfig.ts"

export type ScoredDatum = [score: number, datum: Datum]

/** One feature's row: weight and covariance (covariance 1 until a second-order method writes it). */
type Row = [number, number]

export class RegressionDriver implements Driver {
  private rows = new Map<string, Row>()
  /** Whether the class "+" has been registered in the storage (num_classes is 0 or 1). */
  private hasClass = false
  // running statistics of the PA family (not part of the model file, as in jubatus_core)
  private sum = 0
  private sqSum = 0
  private count = 0

  constructor(
    readonly config: RegressionConfig<unknown>,
    private readonly converter: Converter,
    _mode: DriverMode
  ) {}

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
    this.rows = new Map()
    this.hasClass = false
    this.sum = 0
    this.sqSum = 0
    this.count = 0
    this.converter.weights.clear()
  }

  /** `[regression_model, weight_manager]`; the layout is documented in modelCodec.ts. */
  pack(): unknown {
    return [packRegressionModel(this.rows, this.hasClass), this.converter.weights.pack()]
  }

  unpack(packed: unknown): void {
    if (!Array.isArray(packed) || packed.length !== 2) {
      throw new ModelFormatError("regression: expected [regression_model, weight_manager]")
    }
    const { rows, hasClass } = unpackRegressionModel(packed[0])
    this.converter.weights.unpack(packed[1]) // throws before changing anything when malformed
    this.rows = rows
    this.hasClass = hasClass
    this.sum = 0
    this.sqSum = 0
    this.count = 0
  }

  status(): Record<string, string> {
    return {
      num_features: String(this.rows.size),
      num_classes: this.hasClass ? "1" : "0",
      storage: "local_storage"
    }
  }

  // --- the linear methods (jubatus_core regression/*.cpp) --------------------------------------

  private predict(keys: ReadonlyArray<string>, values: ReadonlyArray<number>): number {
    let s = 0
    for (let i = 0; i < keys.length; i++) {
      const r = this.rows.get(keys[i])
      if (r !== undefined) s += r[0] * values[i]
    }
    return s
  }

  private variance(keys: ReadonlyArray<string>, values: ReadonlyArray<number>): number {
    let v = 0
    for (let i = 0; i < keys.length; i++) {
      const r = this.rows.get(keys[i])
      const cov = r === undefined ? 1 : r[1]
      v += cov * values[i] * values[i]
    }
    return v
  }

  private row(f: string): Row {
    let r = this.rows.get(f)
    if (r === undefined) {
      r = [0, 1]
      this.rows.set(f, r)
    }
    return r
  }

  /** linear_regression::update: w += coeff·x (storage bulk_update of class "+"). */
  private bulkUpdate(keys: ReadonlyArray<string>, values: ReadonlyArray<number>, coeff: number): void {
    this.hasClass = true
    for (let i = 0; i < keys.length; i++) {
      // a row created by bulk_update has a zero-initialised val3: covariance 0, not 1
      let r = this.rows.get(keys[i])
      if (r === undefined) {
        r = [0, 0]
        this.rows.set(keys[i], r)
      }
      r[0] += values[i] * coeff
    }
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
          this.hasClass = true
          for (let i = 0; i < keys.length; i++) {
            const x = values[i]
            const r = this.row(keys[i])
            const covarStep = 2 * gamma * x * x * C
            const w = r[0] + sign * gamma * r[1] * x
            const cov = 1 / (1 / r[1] + covarStep)
            r[0] = w
            r[1] = cov
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
          this.hasClass = true
          for (let i = 0; i < keys.length; i++) {
            const x = values[i]
            const r = this.row(keys[i])
            const w = r[0] + alpha * r[1] * x
            const cov = r[1] - beta * r[1] * r[1] * x * x
            r[0] = w
            r[1] = cov
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
          this.hasClass = true
          for (let i = 0; i < keys.length; i++) {
            const x = values[i]
            const r = this.row(keys[i])
            const valCov = x * r[1]
            const w = r[0] + (sign * loss * valCov) / (variance + 1 / C)
            const cov = 1 / (1 / r[1] + (2 * C + C * C * variance) * x * x)
            r[0] = w
            r[1] = cov
          }
        }
        return
      }
    }
  }
}
