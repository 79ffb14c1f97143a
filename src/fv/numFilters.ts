// Num filters (jubatus_core fv_converter num_filter_factory + num_filter_impl): `add`,
// `linear_normalization`, `gaussian_normalization`, `sigmoid_normalization`, with Jubatus's
// parameter names, defaults and checks. A filter is plain data applied by applyNumFilter.
import { ConfigError } from "../common/errors.ts"
import { doubleParamOr, paramOr, requireDoubleParam, type TypeParams } from "./typeParams.ts"

export type NumFilterMethod = "add" | "linear_normalization" | "gaussian_normalization" | "sigmoid_normalization"

export const numFilterMethods: ReadonlyArray<string> = [
  "add",
  "linear_normalization",
  "gaussian_normalization",
  "sigmoid_normalization"
]

/** `a`, `b` hold the method's two numbers: value; min, max; average, deviation; gain, bias. */
export interface NumFilter {
  readonly method: NumFilterMethod
  readonly a: number
  readonly b: number
  readonly truncate: boolean
}

/** Builds a num filter of a known built-in `method`; `path` locates the type for errors. */
export const compileNumFilter = (method: NumFilterMethod, params: TypeParams, path: string): NumFilter => {
  switch (method) {
    case "add":
      return { method, a: requireDoubleParam(params, "value", path), b: 0, truncate: false }
    case "linear_normalization": {
      const min = requireDoubleParam(params, "min", path)
      const max = requireDoubleParam(params, "max", path)
      if (max <= min) throw new ConfigError(path, "maximum must be bigger than minimum")
      return { method, a: min, b: max, truncate: paramOr(params, "truncate", "True") === "True" }
    }
    case "gaussian_normalization": {
      const average = requireDoubleParam(params, "average", path)
      const deviation = requireDoubleParam(params, "standard_deviation", path)
      if (deviation < 0) throw new ConfigError(path, "standard deviation must be non-negative")
      return { method, a: average, b: deviation, truncate: false }
    }
    case "sigmoid_normalization": {
      const gain = doubleParamOr(params, "gain", "1", path)
      const bias = doubleParamOr(params, "bias", "0", path)
      if (gain === 0) throw new ConfigError(path, "gain must not be zero")
      return { method, a: gain, b: bias, truncate: false }
    }
  }
}

export const applyNumFilter = (f: NumFilter, x: number): number => {
  switch (f.method) {
    case "add":
      return x + f.a
    case "linear_normalization":
      if (f.truncate) {
        if (f.b < x) return 1
        if (x < f.a) return 0
      }
      return (x - f.a) / (f.b - f.a)
    case "gaussian_normalization":
      return (x - f.a) / f.b
    case "sigmoid_normalization":
      return 1 / (1 + Math.exp(-f.a * (x - f.b)))
  }
}
