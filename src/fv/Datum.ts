// The datum as it travels on the wire (jubatus_core fv_converter/datum.hpp): three lists of
// [key, value] pairs. The decoded MessagePack arrays are used as-is so the hot path copies nothing.

export type StringValues = Array<[string, string]>
export type NumValues = Array<[string, number]>
export type BinaryValues = Array<[string, Uint8Array]>

/** `[string_values, num_values, binary_values]` */
export type Datum = [StringValues, NumValues, BinaryValues]

export const emptyDatum = (): Datum => [[], [], []]

/** Builds a datum from plain records, the shape TypeScript callers usually have. */
export const datumOf = (fields: {
  readonly string?: Readonly<Record<string, string>>
  readonly num?: Readonly<Record<string, number>>
  readonly binary?: Readonly<Record<string, Uint8Array>>
}): Datum => [
  Object.entries(fields.string ?? {}),
  Object.entries(fields.num ?? {}),
  Object.entries(fields.binary ?? {})
]
