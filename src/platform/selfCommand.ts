// How to start another juba process from this one (`juba cluster up` runs servers and a proxy from its
// own binary). A Bun-compiled binary re-runs itself; run from source, the runtime is given the entry
// script again: bun takes it as is, deno needs `run -A`.
import * as path from "node:path"
import { fileURLToPath } from "node:url"

export interface SelfCommand {
  /** The executable to spawn. */
  readonly file: string
  /** Arguments that come before the verb (the entry script when run from source). */
  readonly prefix: ReadonlyArray<string>
  /**
   * The `argv[0]` to give the child: `juba`, so that a binary renamed after a Jubatus program
   * (`jubaclassifier`) still dispatches by verb. Undefined from source: runtimes read their own argv0.
   */
  readonly argv0?: string
}

/** A compiled Bun binary's modules live in a virtual file system: `/$bunfs/…`, or `B:/~BUN/…` on Windows. */
export const isCompiledBinary = (moduleUrl: string = import.meta.url): boolean =>
  moduleUrl.includes("/$bunfs/") || moduleUrl.includes("~BUN")

/** `cmd/main.ts` beside this source tree. */
const entryScript = (): string => fileURLToPath(new URL("../../cmd/main.ts", import.meta.url))

export const selfCommand = (): SelfCommand => {
  if (isCompiledBinary()) return { file: process.execPath, prefix: [], argv0: "juba" }
  const runtime = path.basename(process.execPath).toLowerCase()
  if (runtime.startsWith("deno")) return { file: process.execPath, prefix: ["run", "-A", entryScript()] }
  return { file: process.execPath, prefix: [entryScript()] }
}
