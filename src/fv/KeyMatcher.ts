// Key matchers of converter rules (jubatus_core fv_converter key_matcher_factory, except_match):
// `""`/`"*"` all, `"*suffix"`, `"prefix*"`, `"/regex/"`, otherwise exact; `except` removes keys.
// Matching runs once per distinct key: converters cache the result per key string.

export type MatchKind = "all" | "suffix" | "prefix" | "regex" | "exact"

export interface KeyPattern {
  readonly kind: MatchKind
  readonly text: string
  /** Sticky: Jubatus's default regexp library (oniguruma) matches at the key's start, not the whole key. */
  readonly regex: RegExp | undefined
}

export interface KeyMatcher {
  readonly pattern: KeyPattern
  readonly except: KeyPattern | undefined
}

/** A `/regex/` that does not compile: the caller turns it into a config error. */
export class InvalidKeyPattern extends Error {
  constructor(readonly pattern: string) {
    super(`invalid regular expression: ${pattern}`)
  }
}

/** Compiles a JS regex for a Jubatus (oniguruma, Perl syntax) pattern: Unicode mode when it accepts it. */
export const compileRegex = (source: string, flags: string): RegExp | undefined => {
  try {
    return new RegExp(source, flags + "u")
  } catch {
    try {
      return new RegExp(source, flags)
    } catch {
      return undefined
    }
  }
}

export const compileKeyPattern = (pattern: string): KeyPattern => {
  if (pattern === "" || pattern === "*") return { kind: "all", text: "", regex: undefined }
  if (pattern[0] === "*") return { kind: "suffix", text: pattern.slice(1), regex: undefined }
  if (pattern[pattern.length - 1] === "*") {
    return { kind: "prefix", text: pattern.slice(0, -1), regex: undefined }
  }
  if (pattern.length >= 2 && pattern[0] === "/" && pattern[pattern.length - 1] === "/") {
    const source = pattern.slice(1, -1)
    const regex = compileRegex(source, "y")
    if (regex === undefined) throw new InvalidKeyPattern(source)
    return { kind: "regex", text: source, regex }
  }
  return { kind: "exact", text: pattern, regex: undefined }
}

export const compileKeyMatcher = (key: string, except?: string): KeyMatcher => ({
  pattern: compileKeyPattern(key),
  except: except === undefined ? undefined : compileKeyPattern(except)
})

export const matchesPattern = (p: KeyPattern, key: string): boolean => {
  switch (p.kind) {
    case "all":
      return true
    case "suffix":
      return key.endsWith(p.text)
    case "prefix":
      return key.startsWith(p.text)
    case "regex": {
      const re = p.regex!
      re.lastIndex = 0
      return re.test(key)
    }
    case "exact":
      return key === p.text
  }
}

export const matchesKey = (m: KeyMatcher, key: string): boolean =>
  matchesPattern(m.pattern, key) && (m.except === undefined || !matchesPattern(m.except, key))

/**
 * A per-key memo of whatever a converter derives from matching a key against its rules. Datum keys
 * repeat from datum to datum, but a stream could also bring unboundedly many distinct ones (ids in
 * keys), so the table is dropped when it grows past `limit` rather than kept forever.
 */
export class KeyCache<V> {
  private readonly table = new Map<string, V>()
  constructor(
    private readonly compute: (key: string) => V,
    private readonly limit = 65536
  ) {}

  get(key: string): V {
    let v = this.table.get(key)
    if (v === undefined) {
      v = this.compute(key)
      if (this.table.size >= this.limit) this.table.clear()
      this.table.set(key, v)
    }
    return v
  }

  clear(): void {
    this.table.clear()
  }
}
