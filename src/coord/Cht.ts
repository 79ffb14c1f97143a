// The consistent-hash ring of CHT engines (Jubatus common/cht.cpp): 8 virtual nodes per server
// named by the md5 of `ip_port[_i]`, and the lookup of N successive ring entries for a key.
import { createHash } from "node:crypto"
import { locString } from "./ZkLayout.ts"

/** Virtual nodes a server puts on the ring (NUM_VSERV). */
export const CHT_VNODES = 8

/** md5 of the UTF-8 bytes as 32 lowercase hex characters. */
export const md5hex = (key: string): string => createHash("md5").update(key, "utf8").digest("hex")

/** The ring positions (child names under `…/cht`) of one server, vnode 0 first. */
export const chtVnodeHashes = (ip: string, port: number): Array<string> => {
  const hashes = new Array<string>(CHT_VNODES)
  for (let i = 0; i < CHT_VNODES; i++) hashes[i] = md5hex(locString(ip, port, i))
  return hashes
}

/**
 * The `n` ring entries responsible for `key`: from the first position ≥ md5hex(key), wrapping
 * around. `sorted` must be in ascending order; the same entry comes back more than once when
 * n exceeds the ring, as in Jubatus. Empty ring → empty result.
 */
export const chtPick = (sorted: ReadonlyArray<string>, key: string, n: number): Array<string> => {
  const size = sorted.length
  if (size === 0 || n <= 0) return []
  const hash = md5hex(key)
  let lo = 0
  let hi = size
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid] < hash) lo = mid + 1
    else hi = mid
  }
  const picked = new Array<string>(n)
  let index = lo % size
  for (let i = 0; i < n; i++) {
    picked[i] = sorted[index]
    index = (index + 1) % size
  }
  return picked
}
