// Turns a decoded converter config into the plain rule tables the per-datum code runs
// (jubatus_core fv_converter/converter_config.cpp initialize_converter), with Jubatus's checks in
// Jubatus's order: hash_max_size, the *_types tables (by name), then the *_rules lists.
import { ConfigError } from "../common/errors.ts"
import type { ConverterConfig, TypeTable } from "./ConverterConfig.ts"
import { compileKeyPattern, InvalidKeyPattern, type KeyMatcher, type KeyPattern } from "./KeyMatcher.ts"
import { builtinNumTypes, type NumFeatureKind } from "./numFeatures.ts"
import { compileNumFilter, numFilterMethods, type NumFilter, type NumFilterMethod } from "./numFilters.ts"
import { compileRegexpFilter, type RegexpFilter } from "./stringFilters.ts"
import { builtinStringTypes, compileStringType, stringTypeMethods, type Tokenizer } from "./tokenizers.ts"
import { memberPath, type TypeParams } from "./typeParams.ts"
import { GlobalWeight } from "./WeightManager.ts"

export const SampleWeight = { bin: 0, tf: 1, log_tf: 2 } as const
export type SampleWeight = (typeof SampleWeight)[keyof typeof SampleWeight]

export interface StringFilterRule {
  readonly matcher: KeyMatcher
  readonly filter: RegexpFilter
  readonly suffix: string
}

export interface NumFilterRule {
  readonly matcher: KeyMatcher
  readonly filter: NumFilter
  readonly suffix: string
}

export interface StringRule {
  readonly matcher: KeyMatcher
  readonly tokenizer: Tokenizer
  /** `@<type>#<sample_weight>/<global_weight>`: what follows `<key>$<token>` in a feature name */
  readonly nameSuffix: string
  readonly sampleWeight: SampleWeight
  readonly globalWeight: GlobalWeight
}

export interface NumRule {
  readonly matcher: KeyMatcher
  readonly kind: NumFeatureKind
  /** `@<type>` */
  readonly nameSuffix: string
}

export interface CombinationRule {
  readonly left: KeyMatcher
  readonly right: KeyMatcher
  readonly op: "add" | "mul"
  /** `/<type>` */
  readonly nameSuffix: string
}

export interface CompiledConverter {
  readonly stringFilterRules: ReadonlyArray<StringFilterRule>
  readonly numFilterRules: ReadonlyArray<NumFilterRule>
  readonly stringRules: ReadonlyArray<StringRule>
  readonly numRules: ReadonlyArray<NumRule>
  readonly combinationRules: ReadonlyArray<CombinationRule>
  readonly hashMaxSize: number | undefined
  /** An `idf`/`idf1` rule exists: trained datums are counted into the document statistics. */
  readonly containsIdf: boolean
  /** A `bm25` rule exists: trained datums also count group frequencies and lengths. */
  readonly containsBm25: boolean
  /** Some rule's global weight is not `bin`, so weighting has work to do. */
  readonly weighted: boolean
}

const globalWeights: Readonly<Record<string, GlobalWeight>> = {
  bin: GlobalWeight.bin,
  idf: GlobalWeight.idf,
  idf1: GlobalWeight.idf1,
  bm25: GlobalWeight.bm25,
  weight: GlobalWeight.weight
}

// Sorted like the std::map Jubatus iterates, so the first error reported is the same one.
const sortedTypes = (table: TypeTable | undefined): Array<[string, TypeParams]> =>
  Object.entries(table ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

const methodOf = (params: TypeParams, path: string): string => {
  if (!Object.hasOwn(params, "method")) throw new ConfigError(path, "parameter: [method] must be defined")
  return params.method
}

const refusePlugin = (method: string, kind: string, name: string, path: string): void => {
  if (method === "dynamic") {
    throw new ConfigError(
      `${path}.method`,
      `cannot load plugin for ${kind} "${name}": dynamic plugins (C++ shared objects) are not supported`
    )
  }
}

const patternAt = (pattern: string, path: string): KeyPattern => {
  try {
    return compileKeyPattern(pattern)
  } catch (e) {
    if (e instanceof InvalidKeyPattern) throw new ConfigError(path, e.message)
    throw e
  }
}

const matcherAt = (key: string, keyPath: string, except?: string, exceptPath?: string): KeyMatcher => ({
  pattern: patternAt(key, keyPath),
  except: except === undefined ? undefined : patternAt(except, exceptPath ?? keyPath)
})

const lookup = <T>(table: ReadonlyMap<string, T>, type: string, list: string, path: string): T => {
  const found = table.get(type)
  if (found === undefined) throw new ConfigError(`${path}.type`, `unknown type: [${type}] in ${list}`)
  return found
}

/** Compiles a decoded converter config; throws ConfigError located under `path`. */
export const compileConverter = (config: ConverterConfig, path = ".converter"): CompiledConverter => {
  const hashMaxSize = config.hash_max_size
  if (hashMaxSize !== undefined && hashMaxSize <= 0) {
    throw new ConfigError(`${path}.hash_max_size`, `hash_max_size must be positive, but is ${hashMaxSize}`)
  }

  const stringFilters = new Map<string, RegexpFilter>()
  for (const [name, params] of sortedTypes(config.string_filter_types)) {
    const at = memberPath(`${path}.string_filter_types`, name)
    const method = methodOf(params, at)
    refusePlugin(method, "string filter type", name, at)
    if (method !== "regexp") throw new ConfigError(`${at}.method`, `unknown filter name: ${method}`)
    stringFilters.set(name, compileRegexpFilter(params, at))
  }

  const numFilters = new Map<string, NumFilter>()
  for (const [name, params] of sortedTypes(config.num_filter_types)) {
    const at = memberPath(`${path}.num_filter_types`, name)
    const method = methodOf(params, at)
    refusePlugin(method, "num filter type", name, at)
    if (!numFilterMethods.includes(method)) {
      throw new ConfigError(`${at}.method`, `unknown num filter name: ${method}`)
    }
    numFilters.set(name, compileNumFilter(method as NumFilterMethod, params, at))
  }

  const stringTypes = new Map<string, Tokenizer>(builtinStringTypes)
  for (const [name, params] of sortedTypes(config.string_types)) {
    const at = memberPath(`${path}.string_types`, name)
    const method = methodOf(params, at)
    refusePlugin(method, "string type", name, at)
    if (!stringTypeMethods.includes(method)) {
      throw new ConfigError(`${at}.method`, `unknown splitter name: ${method}`)
    }
    stringTypes.set(name, compileStringType(method as "ngram" | "regexp" | "split", params, at))
  }

  // num, binary and combination types can only name plugins beyond the built-in ones
  const pluginOnly = (table: TypeTable | undefined, member: string, kind: string, unknown: string): void => {
    for (const [name, params] of sortedTypes(table)) {
      const at = memberPath(`${path}.${member}`, name)
      const method = methodOf(params, at)
      refusePlugin(method, kind, name, at)
      throw new ConfigError(`${at}.method`, `${unknown}: ${method}`)
    }
  }
  pluginOnly(config.num_types, "num_types", "num type", "unknown num feature name")
  pluginOnly(config.binary_types, "binary_types", "binary type", "unknown binary feature name")
  pluginOnly(config.combination_types, "combination_types", "combination type", "unknown combination feature name")

  const stringFilterRules = (config.string_filter_rules ?? []).map((rule, i): StringFilterRule => {
    const at = `${path}.string_filter_rules[${i}]`
    const filter = lookup(stringFilters, rule.type, "string_filter_rules", at)
    return { matcher: matcherAt(rule.key, `${at}.key`, rule.except, `${at}.except`), filter, suffix: rule.suffix }
  })

  const numFilterRules = (config.num_filter_rules ?? []).map((rule, i): NumFilterRule => {
    const at = `${path}.num_filter_rules[${i}]`
    const filter = lookup(numFilters, rule.type, "num_filter_rules", at)
    return { matcher: matcherAt(rule.key, `${at}.key`, rule.except, `${at}.except`), filter, suffix: rule.suffix }
  })

  const stringRules = (config.string_rules ?? []).map((rule, i): StringRule => {
    const at = `${path}.string_rules[${i}]`
    const matcher = matcherAt(rule.key, `${at}.key`, rule.except, `${at}.except`)
    const tokenizer = lookup(stringTypes, rule.type, "string_rules", at)
    if (!Object.hasOwn(SampleWeight, rule.sample_weight)) {
      throw new ConfigError(`${at}.sample_weight`, `unknown sample_weight: [${rule.sample_weight}] in string_rules`)
    }
    if (!Object.hasOwn(globalWeights, rule.global_weight)) {
      throw new ConfigError(`${at}.global_weight`, `unknown global_weight: [${rule.global_weight}] in string_rules`)
    }
    return {
      matcher,
      tokenizer,
      nameSuffix: `@${rule.type}#${rule.sample_weight}/${rule.global_weight}`,
      sampleWeight: SampleWeight[rule.sample_weight as keyof typeof SampleWeight],
      globalWeight: globalWeights[rule.global_weight]
    }
  })

  const numTypes = new Map<string, NumFeatureKind>(builtinNumTypes.map((t) => [t, t]))
  const numRules = (config.num_rules ?? []).map((rule, i): NumRule => {
    const at = `${path}.num_rules[${i}]`
    const matcher = matcherAt(rule.key, `${at}.key`, rule.except, `${at}.except`)
    return { matcher, kind: lookup(numTypes, rule.type, "num_rules", at), nameSuffix: `@${rule.type}` }
  })

  // Only plugins produce binary features, and they were refused above: any rule names an unknown type.
  ;(config.binary_rules ?? []).forEach((rule, i) => {
    const at = `${path}.binary_rules[${i}]`
    // Jubatus builds binary rule matchers without `except`
    matcherAt(rule.key, `${at}.key`)
    lookup(new Map<string, never>(), rule.type, "binary_rules", at)
  })

  const combinationTypes = new Map<string, "add" | "mul">([["add", "add"], ["mul", "mul"]])
  const combinationRules = (config.combination_rules ?? []).map((rule, i): CombinationRule => {
    const at = `${path}.combination_rules[${i}]`
    const left = matcherAt(rule.key_left, `${at}.key_left`, rule.except_left, `${at}.except_left`)
    const right = matcherAt(rule.key_right, `${at}.key_right`, rule.except_right, `${at}.except_right`)
    return { left, right, op: lookup(combinationTypes, rule.type, "combination_rules", at), nameSuffix: `/${rule.type}` }
  })

  const containsIdf = stringRules.some((r) => r.globalWeight === GlobalWeight.idf || r.globalWeight === GlobalWeight.idf1)
  const containsBm25 = stringRules.some((r) => r.globalWeight === GlobalWeight.bm25)
  return {
    stringFilterRules,
    numFilterRules,
    stringRules,
    numRules,
    combinationRules,
    hashMaxSize,
    containsIdf,
    containsBm25,
    weighted: stringRules.some((r) => r.globalWeight !== GlobalWeight.bin)
  }
}
