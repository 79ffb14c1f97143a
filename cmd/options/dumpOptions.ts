// Options of the model file dumper (`jubadump`, `juba dump`): jubatus/jubadump src/main.cpp, whose
// only option is the required input file. `--version` is juba's addition.
import { mapOptions, parseOptions, stringOf, versionOption, type OptionSpec, type ParseOutcome } from "./OptionSpec.ts"

export interface DumpOptions {
  /** The model file to print as JSON. */
  readonly input: string
}

export const dumpOptionSpecs: ReadonlyArray<OptionSpec> = [
  { long: "input", short: "i", kind: "string", description: "Input file", required: true },
  versionOption,
]

export const parseDumpOptions = (argv: ReadonlyArray<string>, progname: string): ParseOutcome<DumpOptions> =>
  mapOptions(parseOptions(dumpOptionSpecs, argv, progname), (values) => ({
    _tag: "Options",
    values: { input: stringOf(values, "input") },
  }))
