// The `converter` section of an engine config (jubatus_core fv_converter/converter_config.hpp),
// decoded once at the edge with Schema into typed values, then checked the way Jubatus's
// initialize_converter checks it, so that makeConverter never meets a bad config.
import { Result, Schema, SchemaIssue, SchemaParser } from "effect"
import { ConfigError } from "../common/errors.ts"
import { compileConverter } from "./compileConverter.ts"
import { memberPath, type TypeParams } from "./typeParams.ts"

export type { TypeParams }

/** Named types of one kind (`string_types`, `num_filter_types`, …): name → params with a `method`. */
export type TypeTable = Readonly<Record<string, TypeParams>>

export interface FilterRule {
  readonly key: string
  readonly except?: string
  readonly type: string
  readonly suffix: string
}

export interface StringRule {
  readonly key: string
  readonly except?: string
  readonly type: string
  readonly sample_weight: string
  readonly global_weight: string
}

export interface NumRule {
  readonly key: string
  readonly except?: string
  readonly type: string
}

export interface BinaryRule {
  readonly key: string
  readonly except?: string
  readonly type: string
}

export interface CombinationRule {
  readonly key_left: string
  readonly key_right: string
  readonly except_left?: string
  readonly except_right?: string
  readonly type: string
}

export interface ConverterConfig {
  readonly string_filter_types?: TypeTable
  readonly string_filter_rules?: ReadonlyArray<FilterRule>
  readonly num_filter_types?: TypeTable
  readonly num_filter_rules?: ReadonlyArray<FilterRule>
  readonly string_types?: TypeTable
  readonly string_rules?: ReadonlyArray<StringRule>
  readonly num_types?: TypeTable
  readonly num_rules?: ReadonlyArray<NumRule>
  readonly binary_types?: TypeTable
  readonly binary_rules?: ReadonlyArray<BinaryRule>
  readonly combination_types?: TypeTable
  readonly combination_rules?: ReadonlyArray<CombinationRule>
  readonly hash_max_size?: number
}

// Jubatus reads optional members leniently: absent and `null` both mean "not set".
const optional = <S extends Schema.Top>(schema: S) => Schema.optionalKey(Schema.NullOr(schema))

const typeTable = Schema.Record(Schema.String, Schema.Record(Schema.String, Schema.String))

const filterRule = Schema.Struct({
  key: Schema.String,
  except: optional(Schema.String),
  type: Schema.String,
  suffix: Schema.String
})

const stringRule = Schema.Struct({
  key: Schema.String,
  except: optional(Schema.String),
  type: Schema.String,
  sample_weight: Schema.String,
  global_weight: Schema.String
})

const keyRule = Schema.Struct({
  key: Schema.String,
  except: optional(Schema.String),
  type: Schema.String
})

const combinationRule = Schema.Struct({
  key_left: Schema.String,
  key_right: Schema.String,
  except_left: optional(Schema.String),
  except_right: optional(Schema.String),
  type: Schema.String
})

const converterConfigSchema = Schema.Struct({
  string_filter_types: optional(typeTable),
  string_filter_rules: optional(Schema.Array(filterRule)),
  num_filter_types: optional(typeTable),
  num_filter_rules: optional(Schema.Array(filterRule)),
  string_types: optional(typeTable),
  string_rules: optional(Schema.Array(stringRule)),
  num_types: optional(typeTable),
  num_rules: optional(Schema.Array(keyRule)),
  binary_types: optional(typeTable),
  binary_rules: optional(Schema.Array(keyRule)),
  combination_types: optional(typeTable),
  combination_rules: optional(Schema.Array(combinationRule)),
  hash_max_size: optional(Schema.Int)
})

const decodeRaw = SchemaParser.decodeUnknownResult(converterConfigSchema)

type Segment = PropertyKey | { readonly key: PropertyKey }

const pathOf = (base: string, segments: ReadonlyArray<Segment>): string => {
  let path = base
  for (const segment of segments) {
    const s = typeof segment === "object" ? segment.key : segment
    path = typeof s === "number" ? `${path}[${s}]` : memberPath(path, String(s))
  }
  return path
}

const segmentName = (segment: Segment | undefined): string =>
  String(typeof segment === "object" ? segment.key : segment)

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/** The first schema issue as a ConfigError, worded like Jubatus's config errors where they exist. */
const toConfigError = (issue: SchemaIssue.Issue, base: string): ConfigError => {
  const first = formatter(issue).issues[0]
  const segments = first?.path ?? []
  const message = first?.message ?? "invalid converter config"
  const last = segments[segments.length - 1]
  if (message === "Missing key") {
    return new ConfigError(pathOf(base, segments.slice(0, -1)), `"${segmentName(last)}" is not found`)
  }
  if (message.startsWith("Unexpected key")) {
    return new ConfigError(pathOf(base, segments.slice(0, -1)), `"${segmentName(last)}" is not used`)
  }
  return new ConfigError(pathOf(base, segments), message[0].toLowerCase() + message.slice(1))
}

// Schema keeps explicit nulls; the typed config has the member absent instead.
const dropNulls = <T extends object>(o: T): T => {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined) out[k] = v
  return out as T
}

/**
 * Decodes and checks a converter config. Throws a ConfigError whose path names the JSON location
 * (`.converter.string_rules[0].type`) and whose problem is Jubatus's wording where it has one.
 */
export const decodeConverterConfig = (json: unknown, path = ".converter"): ConverterConfig => {
  const result = decodeRaw(json, { onExcessProperty: "error", reportInput: true })
  if (Result.isFailure(result)) throw toConfigError(result.failure, path)
  const raw = result.success
  const config: ConverterConfig = dropNulls({
    ...raw,
    string_filter_rules: raw.string_filter_rules?.map(dropNulls),
    num_filter_rules: raw.num_filter_rules?.map(dropNulls),
    string_rules: raw.string_rules?.map(dropNulls),
    num_rules: raw.num_rules?.map(dropNulls),
    binary_rules: raw.binary_rules?.map(dropNulls),
    combination_rules: raw.combination_rules?.map(dropNulls)
  }) as ConverterConfig
  // Every semantic check lives in the compiler; running it here reports them at decode time.
  compileConverter(config, path)
  return config
}
