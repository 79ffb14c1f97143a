// The usage text of an option table, laid out as cmdline.h's `parser::usage()` lays it out, so a
// juba process prints the same help as the Jubatus process it replaces:
//   usage: jubadump --input=string [options] ... <footer>
//   options:
//     -i, --input    Input file (string)
//     -?, --help     print this message
import type { OptionSpec } from "./OptionSpec.ts"

const typeName = (spec: OptionSpec): string => (spec.kind === "uint" ? "unsigned int" : spec.kind)

const describe = (spec: OptionSpec): string => {
  if (spec.kind === "flag") return spec.description
  const fallback = spec.default ?? (spec.kind === "string" ? "" : 0)
  const shownDefault = spec.required === true ? "" : ` [=${fallback}]`
  return `${spec.description} (${typeName(spec)}${shownDefault})`
}

/** `table` is the full table, `--help` included, in the order options are listed. */
export const formatUsage = (table: ReadonlyArray<OptionSpec>, progname: string, footer: string): string => {
  const required = table
    .filter((spec) => spec.required === true && spec.kind !== "flag")
    .map((spec) => `--${spec.long}=${typeName(spec)} `)
    .join("")
  const width = Math.max(...table.map((spec) => spec.long.length)) + 4
  const lines = table.map(
    (spec) =>
      (spec.short === undefined ? "      " : `  -${spec.short}, `) +
      `--${spec.long}`.padEnd(width + 2) +
      describe(spec),
  )
  return `usage: ${progname} ${required}[options] ... ${footer}\noptions:\n${lines.join("\n")}\n`
}
