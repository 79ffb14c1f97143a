// `juba dump`: placeholder until the command lands; says so plainly instead of pretending.
import type { Command } from "./dispatch.ts"
import { fail } from "./exit.ts"

export const runDump = async (command: Command): Promise<number> =>
  fail(`${command.progname}: not yet implemented in this build of juba`)
