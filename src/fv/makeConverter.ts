// The datum → feature-vector converter (jubatus_core fv_converter/datum_to_fv_converter). Per datum,
// in Jubatus's order: string filters, string rules over original then filtered strings, num filters,
// num rules over original then filtered nums, (binary rules: only plugins, refused at config time),
// document statistics (train only), global weights, zero removal, combinations, hashing.
// Rules are compiled once; what a key matches is memoised per key string.
import { EngineError } from "../common/errors.ts"
import type { Converter } from "./Converter.ts"
import type { ConverterConfig } from "./ConverterConfig.ts"
import type { Datum, NumValues, StringValues } from "./Datum.ts"
import type { FeatureVector } from "./FeatureVector.ts"
import { compileConverter, SampleWeight, type CompiledConverter } from "./compileConverter.ts"
import { makeCombiner } from "./combinations.ts"
import { hashFeatureKey } from "./fnv1Hash64.ts"
import { KeyCache, matchesKey } from "./KeyMatcher.ts"
import { pushNumFeature, type NumFeatureKind } from "./numFeatures.ts"
import { applyNumFilter } from "./numFilters.ts"
import { applyRegexpFilter } from "./stringFilters.ts"
import { tokenize } from "./tokenizers.ts"
import { DocumentWeightManager, GlobalWeight } from "./WeightManager.ts"

/** What a string key matches: one flag per string rule. */
interface StringKeyEntry {
  readonly matches: Uint8Array
  readonly hasDollar: boolean
}

/** What a num key produces: the kinds and names (`<key>@<type>`) of the rules it matches, in rule order. */
interface NumKeyEntry {
  readonly kinds: ReadonlyArray<NumFeatureKind>
  readonly names: ReadonlyArray<string>
}

/** For each filter rule, the filtered value's key (`<key><suffix>`), or undefined when the rule does not match. */
type FilterKeyEntry = ReadonlyArray<string | undefined>

const dollarError = (key: string): EngineError => new EngineError(`feature key cannot contain '$': ${key}`)

const filterEntries = (rules: CompiledConverter["stringFilterRules"] | CompiledConverter["numFilterRules"]) =>
  new KeyCache<FilterKeyEntry>((key) => rules.map((r) => (matchesKey(r.matcher, key) ? key + r.suffix : undefined)))

/** Compiles `config` (already checked by decodeConverterConfig) into a converter with fresh statistics. */
export const makeConverter = (config: ConverterConfig, path = ".converter"): Converter => {
  const compiled = compileConverter(config, path)
  const { stringFilterRules, numFilterRules, stringRules, numRules, hashMaxSize } = compiled
  const weights = new DocumentWeightManager()
  const countsDocuments = compiled.containsIdf || compiled.containsBm25
  const combine = compiled.combinationRules.length > 0 ? makeCombiner(compiled.combinationRules) : undefined

  const stringFilterCache = filterEntries(stringFilterRules)
  const numFilterCache = filterEntries(numFilterRules)
  const stringCache = new KeyCache<StringKeyEntry>((key) => ({
    matches: Uint8Array.from(stringRules, (r) => (matchesKey(r.matcher, key) ? 1 : 0)),
    hasDollar: key.includes("$")
  }))
  const numCache = new KeyCache<NumKeyEntry>((key) => {
    const kinds: Array<NumFeatureKind> = []
    const names: Array<string> = []
    for (const r of numRules) {
      if (!matchesKey(r.matcher, key)) continue
      if (key.includes("$")) throw dollarError(key)
      kinds.push(r.kind)
      names.push(key + r.nameSuffix)
    }
    return { kinds, names }
  })

  // Scratch space reused across datums: conversion is synchronous, so nothing else sees it.
  const tokens: Array<string> = []
  const counts = new Map<string, number>()
  let entries: Array<StringKeyEntry> = []

  const filterStrings = (input: StringValues): StringValues => {
    const out: StringValues = []
    for (let r = 0; r < stringFilterRules.length; r++) {
      const filter = stringFilterRules[r].filter
      // Each rule reads the original values and the values earlier rules produced (not its own).
      const before = out.length
      for (let j = 0; j < input.length; j++) {
        const key = stringFilterCache.get(input[j][0])[r]
        if (key !== undefined) out.push([key, applyRegexpFilter(filter, input[j][1])])
      }
      for (let j = 0; j < before; j++) {
        const key = stringFilterCache.get(out[j][0])[r]
        if (key !== undefined) out.push([key, applyRegexpFilter(filter, out[j][1])])
      }
    }
    return out
  }

  const filterNums = (input: NumValues): NumValues => {
    const out: NumValues = []
    for (let r = 0; r < numFilterRules.length; r++) {
      const filter = numFilterRules[r].filter
      const before = out.length
      for (let j = 0; j < input.length; j++) {
        const key = numFilterCache.get(input[j][0])[r]
        if (key !== undefined) out.push([key, applyNumFilter(filter, input[j][1])])
      }
      for (let j = 0; j < before; j++) {
        const key = numFilterCache.get(out[j][0])[r]
        if (key !== undefined) out.push([key, applyNumFilter(filter, out[j][1])])
      }
    }
    return out
  }

  const stringFeatures = (
    input: StringValues,
    keys: Array<string>,
    values: Array<number>,
    kinds: Array<number>
  ): void => {
    const n = input.length
    if (entries.length < n) entries = new Array(n)
    for (let j = 0; j < n; j++) entries[j] = stringCache.get(input[j][0])
    for (let r = 0; r < stringRules.length; r++) {
      const rule = stringRules[r]
      for (let j = 0; j < n; j++) {
        if (entries[j].matches[r] === 0) continue
        const key = input[j][0]
        tokens.length = 0
        tokenize(rule.tokenizer, input[j][1], tokens)
        if (tokens.length === 0) continue
        if (entries[j].hasDollar) throw dollarError(key)
        const prefix = key + "$"
        if (tokens.length === 1) {
          keys.push(prefix + tokens[0] + rule.nameSuffix)
          values.push(rule.sampleWeight === SampleWeight.log_tf ? Math.LN2 : 1)
          kinds.push(rule.globalWeight)
          continue
        }
        counts.clear()
        for (let t = 0; t < tokens.length; t++) counts.set(tokens[t], (counts.get(tokens[t]) ?? 0) + 1)
        for (const [token, count] of counts) {
          keys.push(prefix + token + rule.nameSuffix)
          values.push(
            rule.sampleWeight === SampleWeight.bin ? 1 : rule.sampleWeight === SampleWeight.tf ? count : Math.log(1 + count)
          )
          kinds.push(rule.globalWeight)
        }
      }
    }
  }

  // Datums of one stream usually repeat the same keys in the same order, and the decoder hands out the
  // same string objects for them: remembering the entries by position turns a map lookup per key into
  // an identity comparison.
  let lastNumKeys: Array<string> = []
  let lastNumEntries: Array<ReturnType<typeof numCache.get>> = []
  const numFeatures = (input: NumValues, keys: Array<string>, values: Array<number>, kinds: Array<number>): void => {
    if (lastNumKeys.length < input.length) {
      lastNumKeys = new Array(input.length)
      lastNumEntries = new Array(input.length)
    }
    for (let j = 0; j < input.length; j++) {
      const k = input[j][0]
      let entry = lastNumEntries[j]
      if (lastNumKeys[j] !== k || entry === undefined) {
        entry = numCache.get(k)
        lastNumKeys[j] = k
        lastNumEntries[j] = entry
      }
      const value = input[j][1]
      for (let t = 0; t < entry.kinds.length; t++) {
        pushNumFeature(entry.kinds[t], entry.names[t], value, keys, values)
        // Global weights only read the kinds when some string rule is weighted.
        if (compiled.weighted) kinds.push(GlobalWeight.bin)
      }
    }
  }

  const run = (datum: Datum, update: boolean): FeatureVector => {
    const keys: Array<string> = []
    const values: Array<number> = []
    const kinds: Array<number> = []
    const strings = datum[0]
    if (stringRules.length > 0) {
      stringFeatures(strings, keys, values, kinds)
      if (stringFilterRules.length > 0) stringFeatures(filterStrings(strings), keys, values, kinds)
    }
    const nums = datum[1]
    if (numRules.length > 0) {
      numFeatures(nums, keys, values, kinds)
      if (numFilterRules.length > 0) numFeatures(filterNums(nums), keys, values, kinds)
    }

    if (update && countsDocuments) weights.countDocument(keys, values, compiled.containsBm25)
    if (compiled.weighted) weights.weigh(keys, values, kinds)
    // Jubatus drops every zero-valued feature after weighting, num features included.
    let kept = 0
    for (let i = 0; i < keys.length; i++) {
      const v = values[i]
      if (v === 0) continue
      keys[kept] = keys[i]
      values[kept] = v
      kept++
    }
    keys.length = kept
    values.length = kept

    if (combine !== undefined) combine(keys, values)
    if (hashMaxSize !== undefined) {
      for (let i = 0; i < keys.length; i++) keys[i] = hashFeatureKey(keys[i], hashMaxSize)
    }
    return { keys, values }
  }

  return {
    convert: (datum) => run(datum, false),
    convertForUpdate: (datum) => run(datum, true),
    weights
  }
}
