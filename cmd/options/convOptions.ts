// Options of the converter tester (`jubaconv`, `juba conv`): jubatus/server/cmd/jubaconv.cpp. The
// format pair and the need for `-c` are checked by jubaconv after reading stdin, with exit status
// 255 and no usage, so they are helpers for the command rather than parse failures.
import {
  mapOptions,
  parseOptions,
  stringOf,
  versionOption,
  type OptionSpec,
  type ParseOutcome,
} from "./OptionSpec.ts"

export type ConvInput = "json" | "datum"
export type ConvOutput = "json" | "datum" | "fv"

export interface ConvOptions {
  readonly inputFormat: ConvInput
  readonly outputFormat: ConvOutput
  /** Server config whose `converter` section is used; `""` = none. */
  readonly conf: string
}

export const convOptionSpecs: ReadonlyArray<OptionSpec> = [
  {
    long: "input-format",
    short: "i",
    kind: "string",
    description: "input format (json/datum)",
    default: "json",
    oneOf: ["json", "datum"],
  },
  {
    long: "output-format",
    short: "o",
    kind: "string",
    description: "output format (json/datum/fv)",
    default: "fv",
    oneOf: ["json", "datum", "fv"],
  },
  { long: "conf", short: "c", kind: "string", description: "converter config file" },
  versionOption,
]

export const parseConvOptions = (argv: ReadonlyArray<string>, progname: string): ParseOutcome<ConvOptions> =>
  mapOptions(parseOptions(convOptionSpecs, argv, progname), (values) => ({
    _tag: "Options",
    values: {
      inputFormat: stringOf(values, "input-format") as ConvInput,
      outputFormat: stringOf(values, "output-format") as ConvOutput,
      conf: stringOf(values, "conf"),
    },
  }))

/** A datum cannot be shown as the JSON it came from: `invalid input-output type: datum -> json`. */
export const convPairProblem = (options: ConvOptions): string | undefined =>
  options.inputFormat === "datum" && options.outputFormat === "json"
    ? `invalid input-output type: ${options.inputFormat} -> ${options.outputFormat}`
    : undefined

/** What jubaconv says when `fv` output is asked for without `-c`. */
export const convNeedsConfMessage = "specify converter config with -c flag"

export const convNeedsConf = (options: ConvOptions): boolean => options.outputFormat === "fv" && options.conf === ""
