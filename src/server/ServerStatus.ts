// The common get_status keys of every server (Jubatus server_base::get_status + server_helper), all
// values as decimal strings, times in epoch seconds.
import { epochSeconds, memoryKiB, userName } from "../platform/processInfo.ts"
import { VERSION } from "../platform/version.ts"

export interface ServerIdentity {
  /** `<ip>_<port>`, the key of get_status results and of membership znodes. */
  readonly id: string
  readonly ip: string
  readonly port: number
  readonly progname: string
  readonly distributed: boolean
  readonly datadir: string
  readonly timeout: number
  readonly threadnum: number
  readonly logdir: string
  readonly logConfig: string
}

interface StatusSource {
  readonly identity: ServerIdentity
  readonly engine: { readonly type: string }
  readonly config: { readonly source: string }
  readonly startTime: number
  readonly updateCount: number
  readonly lastSaved: number
  readonly lastSavedPath: string
  readonly lastLoaded: number
  readonly lastLoadedPath: string
}

export const serverStatus = (s: StatusSource): Record<string, string> => {
  const now = epochSeconds()
  const mem = memoryKiB()
  const id = s.identity
  return {
    PROGNAME: id.progname,
    RSS: String(mem.rss),
    SHR: String(mem.shr),
    VERSION,
    VIRT: String(mem.virt),
    clock_time: String(now),
    configpath: s.config.source,
    datadir: id.datadir,
    is_standalone: id.distributed ? "0" : "1",
    last_loaded: String(s.lastLoaded),
    last_loaded_path: s.lastLoadedPath,
    last_saved: String(s.lastSaved),
    last_saved_path: s.lastSavedPath,
    log_config: id.logConfig,
    logdir: id.logdir,
    pid: String(process.pid),
    start_time: String(s.startTime),
    threadnum: String(id.threadnum),
    timeout: String(id.timeout),
    type: s.engine.type,
    update_count: String(s.updateCount),
    uptime: String(now - s.startTime),
    user: userName()
  }
}
