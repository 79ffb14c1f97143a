// Declarative command-line options and the argv parser every juba process shares. It behaves like
// the cmdline.h parser bundled with Jubatus (jubatus/server/third_party/cmdline/cmdline.h):
// `--long value`, `--long=value`, `-x value`, flag clusters `-Dd`, `-?`/`--help` always present,
// only the first problem reported, same error wording. Two GNU habits are accepted on top, since
// they only turn Jubatus errors into successes: a value glued to its short letter (`-p9199`) and
// `-` for `_` in long names (`--listen-addr` for `--listen_addr`).
import { formatUsage } from "./usageText.ts"

export type OptionKind = "flag" | "int" | "uint" | "string"

export type OptionValue = string | number | boolean

export interface OptionSpec {
  /** Jubatus's spelling, the key of the parsed values and the name shown in usage and errors. */
  readonly long: string
  /** One character. */
  readonly short?: string
  readonly kind: OptionKind
  readonly description: string
  /** Absent: 0 for numbers, `""` for strings, like cmdline.h's `T()`. */
  readonly default?: number | string
  /** Must be given; shown as `--long=type` on the usage line. */
  readonly required?: boolean
  /** Inclusive bounds for `int`/`uint`. */
  readonly min?: number
  readonly max?: number
  /** The only accepted strings. */
  readonly oneOf?: ReadonlyArray<string>
  /** Further long spellings; the `-` form of `_` names is accepted without listing it. */
  readonly aliases?: ReadonlyArray<string>
}

export type OptionValues = Readonly<Record<string, OptionValue>>

export interface Options<A> {
  readonly _tag: "Options"
  readonly values: A
}

/** `--help`, or no argument at all while a required option is missing: print `text` on stderr, exit 0. */
export interface Help {
  readonly _tag: "Help"
  readonly text: string
}

/** `--version`: print `formatVersion(…)` on stdout, exit 0. */
export interface Version {
  readonly _tag: "Version"
}

/** Print `message`, then `usage`, on stderr and exit 1. */
export interface Invalid {
  readonly _tag: "Invalid"
  readonly message: string
  readonly usage: string
}

export type ParseOutcome<A> = Options<A> | Help | Version | Invalid

/** The option cmdline.h appends to every table. */
export const helpOption: OptionSpec = { long: "help", short: "?", kind: "flag", description: "print this message" }

/** `-v/--version`, which Jubatus's servers and proxies have; juba gives it to every process. */
export const versionOption: OptionSpec = { long: "version", short: "v", kind: "flag", description: "version" }

/** `juba-1.2.3 (jubaclassifier)`: Jubatus prints `jubatus-<version> (<progname>)`. */
export const formatVersion = (version: string, progname: string): string => `juba-${version} (${progname})`

const INT_MIN = -2147483648
const INT_MAX = 2147483647
const UINT_MAX = 4294967295

// istream >> int skips leading blanks and takes an optional sign; `ss.eof()` then refuses leftovers.
const intPattern = /^[ \t\n\v\f\r]*[+-]?[0-9]+$/
// Unlike libstdc++, which wraps `-1` to 4294967295, a negative unsigned value is refused.
const uintPattern = /^[ \t\n\v\f\r]*\+?[0-9]+$/

const readValue = (spec: OptionSpec, raw: string): OptionValue | undefined => {
  if (spec.kind === "string") {
    return spec.oneOf === undefined || spec.oneOf.includes(raw) ? raw : undefined
  }
  if (spec.kind === "flag") return undefined
  const signed = spec.kind === "int"
  if (!(signed ? intPattern : uintPattern).test(raw)) return undefined
  const n = Number(raw)
  const lo = Math.max(spec.min ?? -Infinity, signed ? INT_MIN : 0)
  const hi = Math.min(spec.max ?? Infinity, signed ? INT_MAX : UINT_MAX)
  return n >= lo && n <= hi ? n : undefined
}

const defaultOf = (spec: OptionSpec): OptionValue =>
  spec.kind === "flag" ? false : spec.default ?? (spec.kind === "string" ? "" : 0)

const longKey = (name: string): string => name.replaceAll("_", "-")

/**
 * Parses the arguments after the program name (or after `juba <verb>`). `values` holds every
 * option of `specs` under its `long` name, defaults filled in, flags as booleans. Arguments that
 * are not options are ignored, as Jubatus's processes ignore them. An option named `version`
 * answers `Version` once the command line is otherwise well formed. `footer` ends the usage line.
 */
export const parseOptions = (
  specs: ReadonlyArray<OptionSpec>,
  argv: ReadonlyArray<string>,
  progname: string,
  footer = "",
): ParseOutcome<OptionValues> => {
  const table = [...specs, helpOption]
  const byLong = new Map<string, OptionSpec>()
  const byShort = new Map<string, OptionSpec>()
  for (const spec of table) {
    for (const name of [spec.long, ...(spec.aliases ?? [])]) byLong.set(longKey(name), spec)
    if (spec.short !== undefined) byShort.set(spec.short, spec)
  }

  const values: Record<string, OptionValue> = {}
  for (const spec of specs) values[spec.long] = defaultOf(spec)
  const given = new Set<string>()
  const errors: Array<string> = []

  const setFlag = (spec: OptionSpec): void => {
    if (spec.kind !== "flag") {
      errors.push(`option needs value: --${spec.long}`)
      return
    }
    given.add(spec.long)
    values[spec.long] = true
  }
  const setValue = (spec: OptionSpec, raw: string, shownName: string): void => {
    const value = readValue(spec, raw)
    if (value === undefined) {
      errors.push(`option value is invalid: --${shownName}=${raw}`)
      return
    }
    given.add(spec.long)
    values[spec.long] = value
  }

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg.startsWith("--")) {
      const body = arg.slice(2)
      const eq = body.indexOf("=")
      const name = eq < 0 ? body : body.slice(0, eq)
      const spec = byLong.get(longKey(name))
      if (spec === undefined) errors.push(`undefined option: --${name}`)
      else if (eq >= 0) setValue(spec, body.slice(eq + 1), name)
      else if (spec.kind === "flag") setFlag(spec)
      else if (i + 1 < argv.length) setValue(spec, argv[++i], name)
      else errors.push(`option needs value: --${name}`)
    } else if (arg.startsWith("-")) {
      for (let j = 1; j < arg.length; j++) {
        const spec = byShort.get(arg[j])
        if (spec === undefined) {
          errors.push(`undefined short option: -${arg[j]}`)
          continue
        }
        if (spec.kind === "flag") {
          setFlag(spec)
          continue
        }
        if (j + 1 < arg.length) setValue(spec, arg.slice(j + 1), spec.long)
        else if (i + 1 < argv.length) setValue(spec, argv[++i], spec.long)
        else errors.push(`option needs value: --${spec.long}`)
        break
      }
    }
  }

  const usage = () => formatUsage(table, progname, footer)
  if (given.has("help")) return { _tag: "Help", text: usage() }
  // Checked before the required options so `juba server --version` needs no `--type`.
  if (errors.length === 0 && given.has("version")) return { _tag: "Version" }
  // cmdline.h walks its option map, so missing options are reported in name order.
  const missing = specs
    .filter((spec) => spec.required === true && !given.has(spec.long))
    .map((spec) => spec.long)
    .sort()
  for (const long of missing) errors.push(`need option: --${long}`)
  if (errors.length === 0) return { _tag: "Options", values }
  if (argv.length === 0) return { _tag: "Help", text: usage() }
  return { _tag: "Invalid", message: errors[0], usage: usage() }
}

/** The usage an `Invalid` of a program-level check carries (same text as the parser's). */
export const usageOf = (specs: ReadonlyArray<OptionSpec>, progname: string, footer = ""): string =>
  formatUsage([...specs, helpOption], progname, footer)

export const invalid = (message: string, usage: string): Invalid => ({ _tag: "Invalid", message, usage })

const mistyped = (long: string, kind: string): Error =>
  new Error(`read option "${long}": the option table has no ${kind} option of that name`)

export const numberOf = (values: OptionValues, long: string): number => {
  const value = values[long]
  if (typeof value !== "number") throw mistyped(long, "number")
  return value
}

export const stringOf = (values: OptionValues, long: string): string => {
  const value = values[long]
  if (typeof value !== "string") throw mistyped(long, "string")
  return value
}

export const flagOf = (values: OptionValues, long: string): boolean => {
  const value = values[long]
  if (typeof value !== "boolean") throw mistyped(long, "flag")
  return value
}

/** Runs `f` on the parsed values; the other outcomes pass through untouched. */
export const mapOptions = <A>(
  outcome: ParseOutcome<OptionValues>,
  f: (values: OptionValues) => ParseOutcome<A>,
): ParseOutcome<A> => (outcome._tag === "Options" ? f(outcome.values) : outcome)
