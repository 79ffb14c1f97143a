// Facts about this process for get_status (Jubatus reads /proc/self/statm and getpwuid): memory in KiB,
// the user name, the pid. Off Linux the memory figures fall back to what the runtime reports.
import * as fs from "node:fs"
import * as os from "node:os"

export interface MemoryKiB {
  readonly virt: number
  readonly rss: number
  readonly shr: number
}

const PAGE_KIB = 4

export const memoryKiB = (): MemoryKiB => {
  try {
    const [size, resident, shared] = fs.readFileSync("/proc/self/statm", "utf8").trim().split(/\s+/).map(Number)
    return { virt: size * PAGE_KIB, rss: resident * PAGE_KIB, shr: shared * PAGE_KIB }
  } catch {
    const m = process.memoryUsage()
    return { virt: Math.round(m.heapTotal / 1024), rss: Math.round(m.rss / 1024), shr: 0 }
  }
}

let cachedUser: string | undefined

/** The login name of this process's uid (compiled Bun binaries answer "unknown" from os.userInfo). */
export const userName = (): string => {
  if (cachedUser !== undefined) return cachedUser
  let name = ""
  try {
    name = os.userInfo().username
  } catch {
    // no passwd entry
  }
  if (name === "" || name === "unknown") {
    const uid = process.getuid?.()
    try {
      const line = fs.readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.split(":")[2] === String(uid))
      name = line?.split(":")[0] ?? ""
    } catch {
      name = ""
    }
  }
  cachedUser = name || process.env.USER || process.env.USERNAME || ""
  return cachedUser
}

export const epochSeconds = (): number => Math.floor(Date.now() / 1000)
