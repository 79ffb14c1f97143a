// Which executable jubavisor runs for a `<server>` of jubactl: a Jubatus engine server name
// (`jubaclassifier`, …) is this binary; any other name is looked up on PATH as execvp would
// (jubavisor/process.cpp), and a name with a slash is taken as a path.
import * as fs from "node:fs"
import * as path from "node:path"
import { jubatusEngineTypes } from "../engine/registry.ts"
import type { Invocation, SelfLauncher } from "./selfLauncher.ts"

const jubaServerNames: ReadonlySet<string> = new Set(jubatusEngineTypes.map((type) => `juba${type}`))

export const isJubaServerName = (server: string): boolean => jubaServerNames.has(server)

const isExecutableFile = (file: string): boolean => {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

/** The first executable `name` in the directories of `pathVariable`. */
export const findOnPath = (
  name: string,
  pathVariable: string | undefined,
  isExecutable: (file: string) => boolean = isExecutableFile
): string | undefined => {
  if (name.includes("/")) return isExecutable(name) ? name : undefined
  for (const dir of (pathVariable ?? "").split(path.delimiter)) {
    const candidate = path.join(dir === "" ? "." : dir, name)
    if (isExecutable(candidate)) return candidate
  }
  return undefined
}

/** How to run `server`; undefined when it is neither juba's nor found on PATH. */
export const resolveServer = (
  server: string,
  launcher: SelfLauncher,
  pathVariable: string | undefined,
  isExecutable?: (file: string) => boolean
): Invocation | undefined => {
  if (isJubaServerName(server)) return launcher(server)
  const file = findOnPath(server, pathVariable, isExecutable)
  return file === undefined ? undefined : { file, args: [] }
}
