// --daemon: Jubatus calls daemon(0, 0). A JavaScript runtime cannot fork, so the process starts itself
// again detached from the terminal, with the same arguments less the daemon flag, and exits 0. The
// detached process is the server (its pid is what get_status reports).
import { spawn } from "node:child_process"
import { selfCommand } from "./selfCommand.ts"

const MARK = "JUBA_DAEMONIZED"

export const isDaemonChild = (): boolean => process.env[MARK] === "1"

/** Starts `juba <verbArgs…>` detached; the caller exits right after. */
export const startDetached = (verbArgs: ReadonlyArray<string>): number => {
  const self = selfCommand()
  const args = [...self.prefix, ...verbArgs.filter((a) => a !== "-D" && a !== "--daemon" && a !== "-d-daemon")]
  const child = spawn(self.file, args, {
    detached: true,
    stdio: "ignore",
    cwd: "/",
    env: { ...process.env, [MARK]: "1" },
    ...(self.argv0 === undefined ? {} : { argv0: self.argv0 })
  })
  child.unref()
  return child.pid ?? -1
}
