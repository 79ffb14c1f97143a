// The regression's JSON config `{"method", "parameter", "converter"}` decoded into a typed
// RegressionConfig (jubatus/server/server/regression_serv.cpp, jubatus_core regression/
// regression_factory.cpp and each method's config struct). Keys a method does not use are errors,
// like Jubatus's config_cast_check; every error names its JSON path.
import { ConfigError } from "../../common/errors.ts"

/** The linear methods, by the name their Jubatus class reports. */
export type RegressionMethod =
  | "perceptron"
  | "passive_aggressive"
  | "passive_aggressive_1"
  | "passive_aggressive_2"
  | "confidence_weighted"
  | "arow"
  | "normal_herd"

export interface RegressionConfig<Conv = unknown> {
  readonly method: RegressionMethod
  /** jubatus_core keeps every parameter in a float: these are already rounded to float. */
  readonly sensitivity: number
  readonly regularizationWeight: number
  readonly learningRate: number
  readonly converter: Conv
}

const methodAliases: Readonly<Record<string, RegressionMethod>> = {
  perceptron: "perceptron",
  PA: "passive_aggressive",
  passive_aggressive: "passive_aggressive",
  PA1: "passive_aggressive_1",
  passive_aggressive_1: "passive_aggressive_1",
  PA2: "passive_aggressive_2",
  passive_aggressive_2: "passive_aggressive_2",
  CW: "confidence_weighted",
  confidence_weighted: "confidence_weighted",
  AROW: "arow",
  NHERD: "normal_herd",
  normal_herd: "normal_herd"
}

/** Jubatus methods juba does not implement yet (nearest-neighbour and inverted-index based). */
const notYetSupported = new Set(["NN", "nearest_neighbor", "cosine", "euclidean"])

/** The parameter keys each method reads. */
const keysOf = (method: RegressionMethod): ReadonlyArray<string> => {
  switch (method) {
    case "perceptron":
      return ["learning_rate"]
    case "passive_aggressive":
      return ["sensitivity"]
    default:
      return ["regularization_weight", "sensitivity"]
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v)

const numberAt = (p: Record<string, unknown>, key: string): number => {
  const v = p[key]
  if (v === undefined) throw new ConfigError(`.parameter.${key}`, "missing key")
  if (typeof v !== "number") throw new ConfigError(`.parameter.${key}`, "expected a number")
  return Math.fround(v)
}

/** Decodes a regression config; the converter section goes to `decodeConverter` with its path. */
export const decodeRegressionConfig = <Conv>(
  json: unknown,
  decodeConverter: (json: unknown, path: string) => Conv
): RegressionConfig<Conv> => {
  if (!isObject(json)) throw new ConfigError("", "expected an object")
  for (const k of Object.keys(json)) {
    if (k !== "method" && k !== "parameter" && k !== "converter") {
      throw new ConfigError(`.${k}`, "unknown key: not used by this method")
    }
  }
  const name = json.method
  if (name === undefined) throw new ConfigError(".method", "missing key")
  if (typeof name !== "string") throw new ConfigError(".method", "expected a string")
  if (notYetSupported.has(name)) throw new ConfigError(".method", `${name} is not supported by juba yet`)
  const method = Object.hasOwn(methodAliases, name) ? methodAliases[name] : undefined
  if (method === undefined) throw new ConfigError(".method", `unsupported method (regression(${name}))`)
  if (json.converter === undefined) throw new ConfigError(".converter", "missing key")

  const parameter = json.parameter
  if (!isObject(parameter)) {
    if (parameter === undefined || parameter === null) {
      throw new ConfigError(".parameter", "parameter block is not specified in config")
    }
    throw new ConfigError(".parameter", "expected an object")
  }
  const keys = keysOf(method)
  for (const k of Object.keys(parameter)) {
    if (!keys.includes(k)) throw new ConfigError(`.parameter.${k}`, "unknown key: not used by this method")
  }
  let sensitivity = 0
  let regularizationWeight = 1
  let learningRate = 1
  if (method === "perceptron") {
    learningRate = numberAt(parameter, "learning_rate")
    if (!(0 < learningRate)) {
      throw new ConfigError(".parameter.learning_rate", "invalid parameter (expected: 0.0 < learning_rate)")
    }
  } else {
    if (method !== "passive_aggressive") {
      regularizationWeight = numberAt(parameter, "regularization_weight")
      if (!(0 < regularizationWeight)) {
        throw new ConfigError(
          ".parameter.regularization_weight",
          "invalid parameter (expected: 0.0 < regularization_weight)"
        )
      }
    }
    sensitivity = numberAt(parameter, "sensitivity")
    if (!(0 <= sensitivity)) {
      throw new ConfigError(".parameter.sensitivity", "invalid parameter (expected: 0.0 <= sensitivity)")
    }
  }
  const converter = decodeConverter(json.converter, ".converter")
  return { method, sensitivity, regularizationWeight, learningRate, converter }
}
