// How a command reports its outcome: an exit code, plus text for stdout/stderr printed by main.
import type { ParseOutcome } from "./options/OptionSpec.ts"
import { formatVersion } from "./options/OptionSpec.ts"
import { VERSION } from "../src/platform/version.ts"

/** Prints help, version or a parse error and returns the exit code, or returns the parsed options. */
export const settleParse = <A>(outcome: ParseOutcome<A>, progname: string): A | number => {
  switch (outcome._tag) {
    case "Options":
      return outcome.values
    case "Help":
      process.stderr.write(outcome.text.endsWith("\n") ? outcome.text : `${outcome.text}\n`)
      return 0
    case "Version":
      process.stdout.write(`${formatVersion(VERSION, progname)}\n`)
      return 0
    case "Invalid":
      process.stderr.write(`${outcome.message}\n${outcome.usage.endsWith("\n") ? outcome.usage : `${outcome.usage}\n`}`)
      return 1
  }
}

export const fail = (message: string, code = 1): number => {
  process.stderr.write(`${message}\n`)
  return code
}
