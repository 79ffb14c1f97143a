// The classifier's JSON config `{"method", "parameter", "converter"}` decoded into a typed
// ClassifierConfig (jubatus/server/server/classifier_serv.cpp, jubatus_core classifier/
// classifier_factory.cpp, unlearner/unlearner_factory.cpp). Like Jubatus's config_cast_check, keys a
// method does not use are errors; every error names its JSON path.
import { Schema, SchemaIssue, SchemaParser, Result } from "effect"
import { ConfigError } from "../../common/errors.ts"
import { compileKeyPattern, InvalidKeyPattern, type KeyPattern } from "../../fv/KeyMatcher.ts"
import type { ConverterConfig } from "../../fv/ConverterConfig.ts"

/** The linear methods, by the name their Jubatus class reports. */
export type LinearMethod =
  | "perceptron"
  | "passive_aggressive"
  | "passive_aggressive_1"
  | "passive_aggressive_2"
  | "confidence_weighted"
  | "arow"
  | "normal_herd"

export type UnlearnerConfig =
  | { readonly kind: "lru"; readonly maxSize: number; readonly sticky: KeyPattern | undefined }
  | { readonly kind: "random"; readonly maxSize: number; readonly seed: number | undefined }

export interface ClassifierConfig<Conv = ConverterConfig> {
  readonly method: LinearMethod
  /** C of PA1/PA2/CW/AROW/NHERD (> 0); 1 for perceptron and PA, which have none. */
  readonly regularizationWeight: number
  readonly unlearner: UnlearnerConfig | undefined
  readonly converter: Conv
}

/** Config `method` spellings → method. */
const methodAliases: Readonly<Record<string, LinearMethod>> = {
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
  arow: "arow",
  NHERD: "normal_herd",
  normal_herd: "normal_herd"
}

/** Jubatus methods juba does not implement yet (nearest-neighbour based). */
const notYetSupported = new Set(["NN", "nearest_neighbor", "cosine", "euclidean"])

const nullable = <S extends Schema.Top>(s: S) => Schema.optionalKey(Schema.NullOr(s))

const TopLevel = Schema.Struct({
  method: Schema.String,
  parameter: nullable(Schema.Unknown),
  converter: Schema.Unknown
})

const unlearnerKeys = {
  unlearner: nullable(Schema.String),
  unlearner_parameter: nullable(Schema.Unknown)
}
const NoParameter = Schema.Struct(unlearnerKeys)
const Regularized = Schema.Struct({ regularization_weight: Schema.Number, ...unlearnerKeys })

const LruParameter = Schema.Struct({ max_size: Schema.Int, sticky_pattern: nullable(Schema.String) })
const RandomParameter = Schema.Struct({ max_size: Schema.Int, seed: nullable(Schema.Int) })

const formatPath = (base: string, path: ReadonlyArray<unknown>): string =>
  base + path.map((k) => (typeof k === "number" ? `[${k}]` : `.${String(k)}`)).join("")

const lowerFirst = (s: string): string => (s.length === 0 ? s : s[0].toLowerCase() + s.slice(1))

const leafHook: SchemaIssue.LeafHook = (issue) => {
  switch (issue._tag) {
    case "MissingKey":
      return "missing key"
    case "UnexpectedKey":
      return "unknown key: not used by this method"
    default:
      return lowerFirst(SchemaIssue.defaultLeafHook(issue))
  }
}
const formatter = SchemaIssue.makeFormatterStandardSchemaV1({ leafHook })

/** Decodes `json` with `schema` or throws the first problem as a ConfigError under `base`. */
const decodeAt = <S extends Schema.Top & { readonly DecodingServices: never }>(
  schema: S,
  json: unknown,
  base: string
): S["Type"] => {
  const result = SchemaParser.decodeUnknownResult(schema as any)(json, { onExcessProperty: "error" })
  if (Result.isSuccess(result)) return result.success as S["Type"]
  const first = formatter(result.failure as SchemaIssue.Issue).issues[0]
  throw new ConfigError(formatPath(base, first?.path ?? []), lowerFirst(first?.message ?? "invalid value"))
}

const decodeUnlearner = (name: string | null | undefined, parameter: unknown): UnlearnerConfig | undefined => {
  if (name === undefined || name === null) return undefined
  if (parameter === undefined || parameter === null) {
    throw new ConfigError(".parameter", "Unlearner is set but unlearner_parameter is not found")
  }
  const at = ".parameter.unlearner_parameter"
  if (name === "lru") {
    const p = decodeAt(LruParameter, parameter, at)
    const maxSize = positiveInt32(p.max_size, `${at}.max_size`)
    let sticky: KeyPattern | undefined
    if (typeof p.sticky_pattern === "string") {
      try {
        sticky = compileKeyPattern(p.sticky_pattern)
      } catch (e) {
        if (e instanceof InvalidKeyPattern) throw new ConfigError(`${at}.sticky_pattern`, e.message)
        throw e
      }
    }
    return { kind: "lru", maxSize, sticky }
  }
  if (name === "random") {
    const p = decodeAt(RandomParameter, parameter, at)
    const maxSize = positiveInt32(p.max_size, `${at}.max_size`)
    const seed = p.seed ?? undefined
    if (seed !== undefined && (seed < 0 || seed > 0xffffffff)) {
      throw new ConfigError(`${at}.seed`, "unlearner seed must be within unsigned 32 bit integer")
    }
    return { kind: "random", maxSize, seed }
  }
  throw new ConfigError(".parameter.unlearner", `unsupported method (unlearner(${name}))`)
}

const positiveInt32 = (n: number, path: string): number => {
  if (n <= 0 || n > 0x7fffffff) throw new ConfigError(path, "max_size must be a positive integer")
  return n
}

/**
 * Decodes a classifier config; the converter section is handed to `decodeConverter` with its path
 * (`.converter`). Throws a ConfigError naming the JSON path of the first problem.
 */
export const decodeClassifierConfig = <Conv>(
  json: unknown,
  decodeConverter: (json: unknown, path: string) => Conv
): ClassifierConfig<Conv> => {
  const top = decodeAt(TopLevel, json, "")
  const name = top.method
  if (notYetSupported.has(name)) throw new ConfigError(".method", `"${name}" is not yet supported by juba`)
  const method = Object.hasOwn(methodAliases, name) ? methodAliases[name] : undefined
  if (method === undefined) throw new ConfigError(".method", `unsupported method (classifier(${name}))`)

  const parameter = top.parameter
  let regularizationWeight = 1
  let unlearner: UnlearnerConfig | undefined
  if (method === "perceptron" || method === "passive_aggressive") {
    if (parameter !== undefined && parameter !== null) {
      const p = decodeAt(NoParameter, parameter, ".parameter")
      unlearner = decodeUnlearner(p.unlearner, p.unlearner_parameter)
    }
  } else {
    if (parameter === undefined || parameter === null) {
      throw new ConfigError(".parameter", "parameter block is not specified in config")
    }
    const p = decodeAt(Regularized, parameter, ".parameter")
    unlearner = decodeUnlearner(p.unlearner, p.unlearner_parameter)
    // Jubatus keeps C in a float: a positive double that rounds to 0.0f is refused too
    if (!(Math.fround(p.regularization_weight) > 0)) {
      throw new ConfigError(
        ".parameter.regularization_weight",
        "invalid parameter (expected: 0.0 < regularization_weight)"
      )
    }
    regularizationWeight = p.regularization_weight
  }
  const converter = decodeConverter(top.converter, ".converter")
  return { method, regularizationWeight, unlearner, converter }
}
