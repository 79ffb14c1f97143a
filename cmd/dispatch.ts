// Which juba command a process runs: by the legacy program name it was started under (jubaclassifier,
// jubaclassifier_proxy, jubavisor, jubactl, jubaconfig, jubadump, jubaconv), else by verb
// (`juba server --type classifier …`).
import { jubatusEngineTypes } from "../src/engine/registry.ts"

export type Verb = "server" | "proxy" | "visor" | "ctl" | "config" | "dump" | "conv"

export const verbs: ReadonlyArray<Verb> = ["server", "proxy", "visor", "ctl", "config", "dump", "conv"]

export interface Command {
  readonly verb: Verb
  /** The engine type a legacy server/proxy name implies. */
  readonly type?: string
  /** What usage and --version print: the legacy name, or `juba <verb>`. */
  readonly progname: string
  readonly args: ReadonlyArray<string>
}

const toolNames: Readonly<Record<string, Verb>> = {
  jubavisor: "visor",
  jubactl: "ctl",
  jubaconfig: "config",
  jubadump: "dump",
  jubaconv: "conv"
}

/** The command a legacy program name stands for, if it is one. */
export const legacyCommand = (name: string, args: ReadonlyArray<string>): Command | undefined => {
  const tool = toolNames[name]
  if (tool !== undefined) return { verb: tool, progname: name, args }
  if (!name.startsWith("juba")) return undefined
  const rest = name.slice(4)
  if (rest.endsWith("_proxy")) {
    const type = rest.slice(0, -"_proxy".length)
    if (jubatusEngineTypes.includes(type)) return { verb: "proxy", type, progname: name, args }
  } else if (jubatusEngineTypes.includes(rest)) return { verb: "server", type: rest, progname: name, args }
  return undefined
}

export type Resolution =
  | { readonly _tag: "Command"; readonly command: Command }
  | { readonly _tag: "TopLevel"; readonly args: ReadonlyArray<string> }

export const resolve = (startedAs: string, args: ReadonlyArray<string>): Resolution => {
  const legacy = legacyCommand(startedAs, args)
  if (legacy !== undefined) return { _tag: "Command", command: legacy }
  const [first, ...rest] = args
  if (first !== undefined && (verbs as ReadonlyArray<string>).includes(first))
    return { _tag: "Command", command: { verb: first as Verb, progname: `juba ${first}`, args: rest } }
  // `juba jubaclassifier -f …` also works: handy where symlinks are not (Windows).
  if (first !== undefined) {
    const named = legacyCommand(first, rest)
    if (named !== undefined) return { _tag: "Command", command: named }
  }
  return { _tag: "TopLevel", args }
}
