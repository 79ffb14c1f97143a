// Reading the string→string parameter maps of converter types (jubatus_core fv_converter/util.cpp and
// the factories' local helpers), with Jubatus's messages, as config errors located at the type.
import { ConfigError } from "../common/errors.ts"

export type TypeParams = Readonly<Record<string, string>>

/** `.name` for plain member names, `["a b"]` otherwise, so every config path reads back unambiguously. */
export const memberPath = (base: string, name: string): string =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `${base}.${name}` : `${base}[${JSON.stringify(name)}]`

export const hasParam = (params: TypeParams, name: string): boolean => Object.hasOwn(params, name)

/** A required parameter (Jubatus's get_or_die). */
export const requireParam = (params: TypeParams, name: string, path: string): string => {
  if (!hasParam(params, name)) throw new ConfigError(path, `"${name}" is not specified in parameters`)
  return params[name]
}

export const paramOr = (params: TypeParams, name: string, fallback: string): string =>
  hasParam(params, name) ? params[name] : fallback

const INT = /^[+-]?\d+$/
const DOUBLE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/** A decimal int32 written as a string, or undefined (Jubatus's lexical_cast<int>). */
export const parseIntParam = (s: string): number | undefined => {
  if (!INT.test(s)) return undefined
  const n = Number(s)
  return n >= -2147483648 && n <= 2147483647 ? n : undefined
}

/** A decimal floating-point number written as a string, or undefined (lexical_cast<double>). */
export const parseDoubleParam = (s: string): number | undefined => (DOUBLE.test(s) ? Number(s) : undefined)

export const requireDoubleParam = (params: TypeParams, name: string, path: string): number =>
  toDouble(requireParam(params, name, path), name, path)

export const doubleParamOr = (params: TypeParams, name: string, fallback: string, path: string): number =>
  toDouble(paramOr(params, name, fallback), name, path)

const toDouble = (s: string, name: string, path: string): number => {
  const v = parseDoubleParam(s)
  if (v === undefined) throw new ConfigError(`${path}.${name}`, `"${name}" must be a number: ${JSON.stringify(s)}`)
  return v
}
