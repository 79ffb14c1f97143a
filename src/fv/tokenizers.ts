// String feature extractors (jubatus_core fv_converter string_feature_factory, without_split,
// space_splitter, character_ngram, onig_splitter, char_splitter): each turns a string value into
// the tokens a string rule counts. Tokens are pushed into a caller-owned array to avoid allocations.
import { ConfigError } from "../common/errors.ts"
import { compileRegex } from "./KeyMatcher.ts"
import { countCaptureGroups } from "./stringFilters.ts"
import { hasParam, parseIntParam, requireParam, type TypeParams } from "./typeParams.ts"

export type Tokenizer =
  | { readonly kind: "str" }
  | { readonly kind: "space" }
  | { readonly kind: "ngram"; readonly n: number }
  | { readonly kind: "regexp"; readonly regex: RegExp; readonly group: number }
  | { readonly kind: "split"; readonly separators: ReadonlySet<number> }

export const stringTypeMethods: ReadonlyArray<string> = ["ngram", "regexp", "split"]

/** The built-in types every converter has before `string_types` are read (they may be redefined). */
export const builtinStringTypes: ReadonlyArray<readonly [string, Tokenizer]> = [
  ["str", { kind: "str" }],
  ["space", { kind: "space" }]
]

// string_feature_factory's own lookup, whose message differs from get_or_die's
const requireFactoryParam = (params: TypeParams, name: string, path: string): string => {
  if (!hasParam(params, name)) throw new ConfigError(path, `not found: ${name}`)
  return params[name]
}

/** Builds a tokenizer of a known built-in `method`; `path` locates the type for errors. */
export const compileStringType = (
  method: "ngram" | "regexp" | "split",
  params: TypeParams,
  path: string
): Tokenizer => {
  switch (method) {
    case "ngram": {
      const s = requireParam(params, "char_num", path)
      const n = parseIntParam(s)
      if (n === undefined) throw new ConfigError(`${path}.char_num`, `"char_num" must be an integer value: ${s}`)
      if (n <= 0) throw new ConfigError(`${path}.char_num`, `char_num must be positive integer: ${n}`)
      return { kind: "ngram", n }
    }
    case "regexp": {
      const pattern = requireFactoryParam(params, "pattern", path)
      let group = 0
      if (hasParam(params, "group")) {
        const g = parseIntParam(params.group)
        if (g === undefined) throw new ConfigError(`${path}.group`, `is not integer: group = ${params.group}`)
        group = g
      }
      if (group < 0) throw new ConfigError(`${path}.group`, `'group' must be positive: ${group}`)
      const regex = compileRegex(pattern, "y")
      if (regex === undefined) throw new ConfigError(`${path}.pattern`, `invalid regular expression: ${pattern}`)
      const groups = countCaptureGroups(regex)
      if (group > groups) {
        throw new ConfigError(
          `${path}.group`,
          `regexp '${pattern}' only contains ${groups} groups, but 'group' is ${group}`
        )
      }
      return { kind: "regexp", regex, group }
    }
    case "split": {
      const separators = new Set<number>()
      for (const ch of requireFactoryParam(params, "separators", path)) separators.add(ch.codePointAt(0)!)
      return { kind: "split", separators }
    }
  }
}

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) // " \t\n\v\f\r"

const isHighSurrogateAt = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i)
  if (c < 0xd800 || c > 0xdbff || i + 1 >= s.length) return false
  const d = s.charCodeAt(i + 1)
  return d >= 0xdc00 && d <= 0xdfff
}

const tokenizeNgram = (text: string, n: number, out: Array<string>): void => {
  // start offsets of the last n code points, in a ring
  const starts: Array<number> = new Array(n)
  let count = 0
  let i = 0
  const len = text.length
  while (i < len) {
    starts[count % n] = i
    i += isHighSurrogateAt(text, i) ? 2 : 1
    count++
    if (count >= n) out.push(text.slice(starts[(count - n) % n], i))
  }
}

const tokenizeRegexp = (text: string, regex: RegExp, group: number, out: Array<string>): void => {
  const end = text.length
  let cur = 0
  while (cur < end) {
    regex.lastIndex = cur
    const m = regex.exec(text)
    if (m === null) {
      cur += isHighSurrogateAt(text, cur) ? 2 : 1
      continue
    }
    const token = m[group]
    // A group that took no part in the match has no position (Jubatus fails on it); skip it.
    if (token !== undefined) out.push(token)
    // Jubatus advances by the selected group's length from the match start, not to the match end.
    const len = token === undefined ? 0 : token.length
    cur += len > 0 ? len : isHighSurrogateAt(text, cur) ? 2 : 1
  }
}

const tokenizeSplit = (text: string, separators: ReadonlySet<number>, out: Array<string>): void => {
  let begin = -1
  let i = 0
  const len = text.length
  while (i < len) {
    const cp = text.codePointAt(i)!
    const width = cp > 0xffff ? 2 : 1
    if (separators.has(cp)) {
      if (begin >= 0) {
        out.push(text.slice(begin, i))
        begin = -1
      }
    } else if (begin < 0) {
      begin = i
    }
    i += width
  }
  if (begin >= 0) out.push(text.slice(begin))
}

const tokenizeSpace = (text: string, out: Array<string>): void => {
  let begin = -1
  const len = text.length
  for (let i = 0; i < len; i++) {
    if (isSpace(text.charCodeAt(i))) {
      if (begin >= 0) {
        out.push(text.slice(begin, i))
        begin = -1
      }
    } else if (begin < 0) {
      begin = i
    }
  }
  if (begin >= 0) out.push(text.slice(begin))
}

/** Appends the tokens of `text` to `out`. */
export const tokenize = (t: Tokenizer, text: string, out: Array<string>): void => {
  switch (t.kind) {
    case "str":
      out.push(text)
      return
    case "space":
      tokenizeSpace(text, out)
      return
    case "ngram":
      tokenizeNgram(text, t.n, out)
      return
    case "regexp":
      tokenizeRegexp(text, t.regex, t.group, out)
      return
    case "split":
      tokenizeSplit(text, t.separators, out)
      return
  }
}
