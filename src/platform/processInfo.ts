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
export const userName = (): string => {
  if (cachedUser === undefined) {
    try {
      cachedUser = os.userInfo().username
    } catch {
      cachedUser = process.env.USER ?? ""
    }
  }
  return cachedUser
}

export const epochSeconds = (): number => Math.floor(Date.now() / 1000)
