// How jubactl spreads a cluster's processes over the jubavisors (jubactl.cpp `send2supervisor`):
// N = --num, or one per visor when 0; each visor gets ⌊N/V⌋ and the first N mod V, in ZooKeeper's
// sorted order, one more.

/** The count each of `visors` visors is asked to run, in their order. */
export const spreadProcesses = (num: number, visors: number): Array<number> => {
  if (visors <= 0) return []
  const total = num === 0 ? visors : num
  const each = Math.floor(total / visors)
  const extra = total % visors
  return Array.from({ length: visors }, (_, i) => (i < extra ? each + 1 : each))
}
