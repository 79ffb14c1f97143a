// A stand-in converter for driver tests: strings become `<key>$<value>@str#bin/bin` = 1 and numbers
// `<key>@num` = value (the names the real converter gives with str/bin/bin and num rules), and the
// weight manager keeps nothing. It lets the classifier be tested without the real converter.
import type { Converter, WeightManager } from "../../../src/fv/Converter.ts"
import type { Datum } from "../../../src/fv/Datum.ts"
import type { FeatureVector } from "../../../src/fv/FeatureVector.ts"

const convert = (datum: Datum): FeatureVector => {
  const keys: Array<string> = []
  const values: Array<number> = []
  for (const [k, v] of datum[0]) {
    keys.push(`${k}$${v}@str#bin/bin`)
    values.push(1)
  }
  for (const [k, v] of datum[1]) {
    keys.push(`${k}@num`)
    values.push(v)
  }
  return { keys, values }
}

/** Diff `[keyword_weights, [version]]` with nothing counted, as an idle Jubatus weight manager sends. */
export const emptyWeightsDiff = (): unknown => [[0, [{}], [{}], [{}], {}], [0]]

export const noWeights = (): WeightManager => ({
  getDiff: emptyWeightsDiff,
  mix: (lhs) => lhs,
  putDiff: () => true,
  pack: () => [[0], [0, [{}], [{}], [{}], {}], [0, [{}], [{}], [{}], {}]],
  unpack: () => {},
  clear: () => {},
  status: () => ({ weight_manager_version: "0" })
})

export const fakeConverter = (): Converter => ({ convert, convertForUpdate: convert, weights: noWeights() })
