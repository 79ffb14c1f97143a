// The datum → feature-vector converter as the engines see it (jubatus_core fv_converter
// datum_to_fv_converter + weight_manager). Built from a converter config by makeConverter.ts.
import type { Datum } from "./Datum.ts"
import type { FeatureVector } from "./FeatureVector.ts"

/** Document statistics for idf/bm25 weights, kept in the model, saved and mixed with it. */
export interface WeightManager {
  /** `[keyword_weights, version]` of the changes since the last put_diff (spec §6.1). */
  readonly getDiff: () => unknown
  readonly mix: (lhs: unknown, rhs: unknown) => unknown
  readonly putDiff: (diff: unknown) => boolean
  /** `[version, diff_weights, master_weights]` */
  readonly pack: () => unknown
  /** Throws ModelFormatError and changes nothing on a malformed payload. */
  readonly unpack: (packed: unknown) => void
  readonly clear: () => void
  /** `weight_manager_version`, `diff_document_count`, …, `master_num_weights` (spec §8.1). */
  readonly status: () => Record<string, string>
}

export interface Converter {
  /** Features for analysis (classify): global weights from the current statistics, which stay unchanged. */
  readonly convert: (datum: Datum) => FeatureVector
  /** Features of a datum being learned (train): it is counted into the statistics first. */
  readonly convertForUpdate: (datum: Datum) => FeatureVector
  readonly weights: WeightManager
}
