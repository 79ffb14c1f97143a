// Try-only read/write locks on a ZooKeeper directory, with the rules of Jubatus's zkmutex
// (common/zk.cpp): sequence nodes `rlock_`/`wlock_`, ownership decided by sequence numbers.
import type { ZkSession } from "./ZkSession.ts"

const LOCK_CHILD = /^([rw])lock_(\d+)$/

/** The sequence number of a lock child, or undefined for a name that is not one. */
const sequenceOf = (child: string): { readonly writer: boolean; readonly seq: string } | undefined => {
  const match = LOCK_CHILD.exec(child)
  return match === null ? undefined : { writer: match[1] === "w", seq: match[2] }
}

// Sequence suffixes are zero-padded to the same width, so string order is numeric order.
const before = (a: string, b: string): boolean => a.length < b.length || (a.length === b.length && a < b)

/**
 * Creates an ephemeral sequential node under `dir` and keeps it if no conflicting attempt came
 * first: a writer conflicts with every earlier node, a reader only with earlier writers. Returns
 * the owned node's path, or undefined after deleting the losing attempt (callers retry).
 */
export const tryLock = async (
  session: ZkSession,
  dir: string,
  mode: "read" | "write"
): Promise<string | undefined> => {
  const mine = await session.create(`${dir}/${mode === "write" ? "w" : "r"}lock_`, undefined, "ephemeralSequential")
  const own = sequenceOf(mine.slice(dir.length + 1))
  let children: Array<string>
  try {
    if (own === undefined) throw new Error(`cannot lock "${dir}": unexpected node name "${mine}"`)
    children = await session.children(dir)
  } catch (error) {
    await session.remove(mine).catch(() => undefined)
    throw error
  }
  const blocked = children.some((child) => {
    const other = sequenceOf(child)
    return other !== undefined && (mode === "write" || other.writer) && before(other.seq, own.seq)
  })
  if (!blocked) return mine
  await session.remove(mine)
  return undefined
}

/** Releases a lock by deleting its node; a node already gone (session ended) is fine. */
export const unlock = (session: ZkSession, node: string): Promise<void> => session.remove(node, true)
