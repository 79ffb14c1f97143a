// String filters (jubatus_core fv_converter string_filter_factory + onig_filter): `regexp` rewrites
// every match of `pattern` with `replace` (`\0`…`\9` groups, `\\` a backslash), scanning the way
// oniguruma's build of Jubatus does (an empty match copies the next character unchanged).
import { ConfigError } from "../common/errors.ts"
import { compileRegex } from "./KeyMatcher.ts"
import { requireParam, type TypeParams } from "./typeParams.ts"

/** A replacement template: literal pieces interleaved with group numbers. */
export interface RegexpFilter {
  readonly regex: RegExp
  /** Even indices are literals, odd indices are group numbers. */
  readonly template: ReadonlyArray<string | number>
}

export const countCaptureGroups = (regex: RegExp): number =>
  new RegExp(`(?:${regex.source})|`, regex.flags.replace("y", "")).exec("")!.length - 1

/** Builds the `regexp` string filter; `path` locates the type for errors. */
export const compileRegexpFilter = (params: TypeParams, path: string): RegexpFilter => {
  const pattern = requireParam(params, "pattern", path)
  const replace = requireParam(params, "replace", path)
  const regex = compileRegex(pattern, "y")
  if (regex === undefined) throw new ConfigError(`${path}.pattern`, `invalid regular expression: ${pattern}`)
  const groups = countCaptureGroups(regex)
  const template: Array<string | number> = []
  let literal = ""
  for (let i = 0; i < replace.length; i++) {
    const c = replace[i]
    if (c !== "\\") {
      literal += c
      continue
    }
    const next = replace[++i]
    if (next === "\\") {
      literal += "\\"
    } else if (next !== undefined && next >= "0" && next <= "9") {
      const group = next.charCodeAt(0) - 48
      if (group > groups) throw new ConfigError(`${path}.replace`, "invalid number of capture group")
      template.push(literal, group)
      literal = ""
    } else {
      throw new ConfigError(
        `${path}.replace`,
        "invalid replacement expression. 0-9 or \\ are required after \\"
      )
    }
  }
  template.push(literal)
  return { regex, template }
}

const codePointLength = (s: string, i: number): number => {
  const c = s.charCodeAt(i)
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1)
    if (d >= 0xdc00 && d <= 0xdfff) return 2
  }
  return 1
}

export const applyRegexpFilter = (f: RegexpFilter, input: string): string => {
  const re = f.regex
  const t = f.template
  let out = ""
  let cur = 0
  const end = input.length
  // `<=`: a pattern such as `$` also matches at the end of the input
  while (cur <= end) {
    re.lastIndex = cur
    const m = re.exec(input)
    let matched = 0
    if (m !== null) {
      for (let i = 0; i < t.length; i++) {
        out += (i & 1) === 0 ? (t[i] as string) : (m[t[i] as number] ?? "")
      }
      matched = m[0].length
      cur += matched
    }
    if (matched === 0) {
      if (cur < end) {
        const n = codePointLength(input, cur)
        out += input.substr(cur, n)
        cur += n
      } else {
        cur++
      }
    }
  }
  return out
}
