// Cluster configs in `/jubatus/config/<type>/<name>` and the config_lock around them (Jubatus
// common/config.cpp, framework/server_helper.cpp get_config_lock). Throws CoordinatorError or ZkError.
import { CoordinatorError } from "./CoordinatorError.ts"
import { CONFIG_BASE_PATH, configLockPath, configPath, nodesPath } from "./ZkLayout.ts"
import { tryLock, unlock } from "./ZkMutex.ts"
import { ZkError } from "./ZkError.ts"
import type { ZkSession } from "./ZkSession.ts"

/** One cluster config as `jubaconfig -c list` prints it. */
export interface ClusterConfig {
  readonly type: string
  readonly name: string
  readonly config: string
}

/** A held lock node; releasing deletes it on the session that created it. */
export interface LockNode {
  readonly path: string
  readonly release: () => Promise<void>
}

/** How often a busy config lock is tried again (Jubatus: 3 more times, 1 s apart). */
export interface LockRetry {
  readonly retries: number
  readonly intervalMs: number
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

const notFound = (path: string): CoordinatorError =>
  new CoordinatorError({ reason: "ConfigNotFound", message: `config does not exist: ${path}`, path })

/** One attempt on a lock directory; the handle releases on the session that took it. */
export const tryLockNode = async (session: ZkSession, dir: string, mode: "read" | "write"): Promise<LockNode | undefined> => {
  const node = await tryLock(session, dir, mode)
  return node === undefined ? undefined : { path: node, release: () => unlock(session, node) }
}

/** The config lock with retries: servers read (`any user is writing config?`), jubaconfig writes. */
export const lockConfig = async (
  session: ZkSession,
  type: string,
  name: string,
  mode: "read" | "write",
  retry: LockRetry
): Promise<LockNode> => {
  const dir = configLockPath(type, name)
  for (let attempt = 0; ; attempt++) {
    const lock = await tryLockNode(session, dir, mode)
    if (lock !== undefined) return lock
    if (attempt >= retry.retries) {
      const message = mode === "read" ? "any user is writing config?" : "any user is using config?"
      throw new CoordinatorError({ reason: "LockBusy", message, path: dir })
    }
    await sleep(retry.intervalMs)
  }
}

export const readConfig = async (session: ZkSession, type: string, name: string): Promise<string> => {
  const path = configPath(type, name)
  try {
    return (await session.get(path)).data.toString("utf8")
  } catch (error) {
    if (error instanceof ZkError && error.code === "NO_NODE") throw notFound(path)
    throw error
  }
}

/** `jubaconfig -c write` after prepareJubatus: write lock, no running server, then the raw text. */
export const writeConfig = async (
  session: ZkSession,
  type: string,
  name: string,
  config: string,
  retry: LockRetry
): Promise<void> => {
  if (config === "") throw new CoordinatorError({ reason: "ConfigEmpty", message: "config is empty" })
  await withWriteLock(session, type, name, retry, async () => {
    const path = configPath(type, name)
    await session.ensure(path)
    await session.set(path, config)
  })
}

/** `jubaconfig -c delete`: the same lock and checks, then removal. */
export const deleteConfig = async (session: ZkSession, type: string, name: string, retry: LockRetry): Promise<void> => {
  await withWriteLock(session, type, name, retry, async () => {
    const path = configPath(type, name)
    if ((await session.exists(path)) === undefined) throw notFound(path)
    await session.remove(path, false)
  })
}

/** Every `/jubatus/config/<type>/<name>` with its text, in sorted order. */
export const listConfigs = async (session: ZkSession): Promise<ReadonlyArray<ClusterConfig>> => {
  const configs: Array<ClusterConfig> = []
  for (const type of await session.children(CONFIG_BASE_PATH).catch(() => [])) {
    for (const name of await session.children(`${CONFIG_BASE_PATH}/${type}`).catch(() => [])) {
      configs.push({ type, name, config: await readConfig(session, type, name) })
    }
  }
  return configs
}

const withWriteLock = async (
  session: ZkSession,
  type: string,
  name: string,
  retry: LockRetry,
  body: () => Promise<void>
): Promise<void> => {
  const dir = configLockPath(type, name)
  if ((await session.exists(dir)) === undefined) {
    throw new CoordinatorError({ reason: "NoNode", message: `ZooKeeper node does not exist: ${dir}`, path: dir })
  }
  const lock = await lockConfig(session, type, name, "write", retry)
  try {
    // Straight from ZooKeeper, not a cache: a server that registered a moment ago must block the write.
    if ((await session.children(nodesPath(type, name)).catch(() => [])).length > 0) {
      throw new CoordinatorError({ reason: "ServerRunning", message: `any server is running: ${type}, ${name}` })
    }
    await body()
  } finally {
    await lock.release().catch(() => undefined)
  }
}
