// Wire types shared by every engine (jubatus/server/server/*.idl common structs).
import type { Datum } from "../fv/Datum.ts"
import * as W from "./WireType.ts"

const stringPair = W.tuple<[string, string]>("[string, string]", W.string, W.string)
const numPair = W.tuple<[string, number]>("[string, double]", W.string, W.double)
const binaryPair = W.tuple<[string, Uint8Array]>("[string, raw]", W.string, W.raw)

/** `datum = [string_values, num_values, binary_values]` */
export const datum: W.WireType<Datum> = W.tuple<Datum>(
  "datum",
  W.list(stringPair),
  W.list(numPair),
  W.list(binaryPair)
)

/** `get_status` / `get_proxy_status`: `{ "<ip>_<port>": { key: value } }` */
export const statusMap = W.map(W.string, W.map(W.string, W.string))
