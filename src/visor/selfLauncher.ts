// How this process starts another juba program (a server for jubavisor, or the detached copy of
// itself in daemon mode) from the same binary, so that no PATH set-up is needed: through a sibling
// symlink named after the program when one points at this binary, else `<binary> <program> …`
// (the binary dispatches on a legacy name given as first argument). Run from source, the runtime
// is given the entry script first.
import * as fs from "node:fs"
import * as path from "node:path"

export interface Invocation {
  readonly file: string
  /** Arguments before the program's own options. */
  readonly args: ReadonlyArray<string>
}

/** Maps a legacy program name (`jubaclassifier`, `jubavisor`) to a command that runs it. */
export type SelfLauncher = (program: string) => Invocation

export interface ProcessFacts {
  readonly execPath: string
  /** `process.argv[1]`: the entry script, or a path inside the binary when compiled. */
  readonly entry: string | undefined
  /** Resolves symlinks; undefined when the path does not exist. */
  readonly realpath: (p: string) => string | undefined
}

// A Bun-compiled binary reports a virtual entry inside itself (`/$bunfs/root/…`, `B:/~BUN/root/…`).
const isCompiledEntry = (entry: string | undefined): boolean =>
  entry === undefined || entry.includes("$bunfs") || entry.includes("~BUN")

export const selfLauncherOf = (facts: ProcessFacts): SelfLauncher => {
  const binary = facts.execPath
  if (isCompiledEntry(facts.entry)) {
    const real = facts.realpath(binary) ?? binary
    return (program) => {
      const sibling = path.join(path.dirname(binary), program)
      return facts.realpath(sibling) === real ? { file: sibling, args: [] } : { file: binary, args: [program] }
    }
  }
  const script = facts.entry as string
  const runtime = path.basename(binary).replace(/\.exe$/i, "")
  const prefix = runtime === "deno" ? ["run", "-A", script] : [script]
  return (program) => ({ file: binary, args: [...prefix, program] })
}

const realpathOrUndefined = (p: string): string | undefined => {
  try {
    return fs.realpathSync(p)
  } catch {
    return undefined
  }
}

/** The launcher of the running process. */
export const currentSelfLauncher = (): SelfLauncher =>
  selfLauncherOf({ execPath: process.execPath, entry: process.argv[1], realpath: realpathOrUndefined })
