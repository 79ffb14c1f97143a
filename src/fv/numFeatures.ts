// Num features (jubatus_core fv_converter num_feature_impl): `num` keeps the value, `log` takes
// ln(max(1, v)), `str` turns the value into part of the name with weight 1.
import { formatCppDouble } from "./formatCppDouble.ts"

export type NumFeatureKind = "num" | "log" | "str"

/** The built-in num types; `num_types` can only add plugins, which are refused. */
export const builtinNumTypes: ReadonlyArray<NumFeatureKind> = ["num", "log", "str"]

/** Appends the feature of one value; `name` is `<key>@<type>`. */
export const pushNumFeature = (
  kind: NumFeatureKind,
  name: string,
  value: number,
  keys: Array<string>,
  values: Array<number>
): void => {
  switch (kind) {
    case "num":
      keys.push(name)
      values.push(value)
      return
    case "log":
      // written so that NaN gives 0 as std::max(1.0, NaN) does
      keys.push(name)
      values.push(1 < value ? Math.log(value) : 0)
      return
    case "str":
      keys.push(`${name}$${formatCppDouble(value)}`)
      values.push(1)
      return
  }
}
