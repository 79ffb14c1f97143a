// Flattens a JSON document into a datum as jubaconv does (jubatus_core fv_converter/json_converter):
// an object member `k` appends `/k` to the path, an array element i appends `[i]`; strings become
// string values, numbers num values, booleans 1/0 and null the string "null".
import type { Datum } from "./Datum.ts"

export const jsonToDatum = (json: unknown): Datum => {
  const datum: Datum = [[], [], []]
  const walk = (v: unknown, path: string): void => {
    if (v === null) datum[0].push([path, "null"])
    else if (typeof v === "string") datum[0].push([path, v])
    else if (typeof v === "number") datum[1].push([path, v])
    else if (typeof v === "boolean") datum[1].push([path, v ? 1 : 0])
    else if (Array.isArray(v)) v.forEach((e, i) => walk(e, `${path}[${i}]`))
    else if (typeof v === "object") for (const [k, e] of Object.entries(v)) walk(e, `${path}/${k}`)
  }
  walk(json, "")
  return datum
}

/** jubaconv's datum text format: `{"string_values": [[k, v], …], "num_values": [[k, x], …]}`. */
export const datumToJson = (d: Datum): { string_values: Array<[string, string]>; num_values: Array<[string, number]> } => ({
  string_values: d[0],
  num_values: d[1]
})

export const datumFromJson = (json: unknown): Datum => {
  if (json === null || typeof json !== "object" || Array.isArray(json)) throw new Error("invalid datum format")
  const o = json as { string_values?: unknown; num_values?: unknown }
  const pairs = <T>(v: unknown, ok: (x: unknown) => x is T): Array<[string, T]> => {
    if (v === undefined) return []
    if (!Array.isArray(v) || !v.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === "string" && ok(p[1])))
      throw new Error("invalid datum format")
    return v as Array<[string, T]>
  }
  return [
    pairs(o.string_values, (x): x is string => typeof x === "string"),
    pairs(o.num_values, (x): x is number => typeof x === "number"),
    []
  ]
}
