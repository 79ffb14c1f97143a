// The znode paths of spec §2 and the `<ip>_<port>` member names inside them
// (Jubatus common/membership.{hpp,cpp}: build_loc_str, revert, build_*_path).

export const JUBATUS_BASE_PATH = "/jubatus"
export const SUPERVISOR_BASE_PATH = "/jubatus/supervisors"
export const PROXY_BASE_PATH = "/jubatus/jubaproxies"
export const ACTOR_BASE_PATH = "/jubatus/actors"
export const CONFIG_BASE_PATH = "/jubatus/config"

/** A registered process as named in ZooKeeper: `id` is the child name `<ip>_<port>`. */
export interface Member {
  readonly id: string
  readonly ip: string
  readonly port: number
}

/** `127.0.0.1`, 9199 → `127.0.0.1_9199`; a vnode index i > 0 appends `_i` (the CHT keys). */
export const locString = (ip: string, port: number, vnode = 0): string =>
  vnode > 0 ? `${ip}_${port}_${vnode}` : `${ip}_${port}`

/** `127.0.0.1_9199` → its ip and port, split at the first `_` as Jubatus does. */
export const parseMember = (id: string): Member => {
  const cut = id.indexOf("_")
  if (cut < 0) return { id, ip: id, port: 0 }
  return { id, ip: id.slice(0, cut), port: Number.parseInt(id.slice(cut + 1), 10) || 0 }
}

export const actorPath = (type: string, name: string): string => `${ACTOR_BASE_PATH}/${type}/${name}`
export const nodesPath = (type: string, name: string): string => `${actorPath(type, name)}/nodes`
export const activesPath = (type: string, name: string): string => `${actorPath(type, name)}/actives`
export const masterLockPath = (type: string, name: string): string => `${actorPath(type, name)}/master_lock`
export const configLockPath = (type: string, name: string): string => `${actorPath(type, name)}/config_lock`
export const chtPath = (type: string, name: string): string => `${actorPath(type, name)}/cht`
export const idGeneratorPath = (type: string, name: string): string => `${actorPath(type, name)}/id_generator`
export const configPath = (type: string, name: string): string => `${CONFIG_BASE_PATH}/${type}/${name}`
export const proxiesPath = (type: string): string => `${PROXY_BASE_PATH}/${type}`
