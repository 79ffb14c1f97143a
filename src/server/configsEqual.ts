// The config comparison of `load` (Jubatus save_load.cpp compare_config): a saved model is accepted when
// its config means the same JSON as the running server's, whatever the spacing and key order.

/**
 * JSON-semantic equality of two config texts: objects compare as key sets, arrays in order, numbers by
 * value (`1` equals `1.0`). A text that does not parse only equals the identical text.
 */
export const configsEqual = (a: string, b: string): boolean => {
  let x: unknown
  let y: unknown
  try {
    x = JSON.parse(a)
    y = JSON.parse(b)
  } catch {
    return a === b
  }
  return jsonEqual(x, y)
}

const jsonEqual = (x: unknown, y: unknown): boolean => {
  if (x === y) return true
  if (typeof x !== "object" || typeof y !== "object" || x === null || y === null) return false
  if (Array.isArray(x) || Array.isArray(y)) {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false
    for (let i = 0; i < x.length; i++) if (!jsonEqual(x[i], y[i])) return false
    return true
  }
  const xo = x as Record<string, unknown>
  const yo = y as Record<string, unknown>
  const keys = Object.keys(xo)
  if (keys.length !== Object.keys(yo).length) return false
  for (const k of keys) if (!Object.hasOwn(yo, k) || !jsonEqual(xo[k], yo[k])) return false
  return true
}
