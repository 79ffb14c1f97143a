// The name this process was started under. In a Bun-compiled binary process.argv[0] is always "bun";
// the symlink's name (jubaclassifier, jubactl, …) is in process.argv0. Run from source, argv0 is the
// runtime ("bun", "deno", "node") and the verb form is used instead.
import * as path from "node:path"

export const startedAs = (): string => {
  const name = path.basename(process.argv0 || process.argv[0] || "juba")
  return name.replace(/\.exe$/i, "")
}

/** User arguments: after the executable in a compiled binary, after the script when run from source. */
export const userArguments = (): Array<string> => process.argv.slice(2)
