import { describe, expect, test } from "bun:test"
import { compileKeyMatcher, compileKeyPattern, KeyCache, matchesKey } from "../../src/fv/KeyMatcher.ts"

const matches = (key: string, except: string | undefined, candidates: Array<string>): Array<string> => {
  const m = compileKeyMatcher(key, except)
  return candidates.filter((c) => matchesKey(m, c))
}

describe("KeyMatcher", () => {
  const keys = ["user/name", "user/age", "title", "name", ""]

  test("an empty pattern and a lone star match every key", () => {
    expect(matches("", undefined, keys)).toEqual(keys)
    expect(matches("*", undefined, keys)).toEqual(keys)
  })

  test("a leading star matches by suffix and a trailing star by prefix", () => {
    expect(matches("*name", undefined, keys)).toEqual(["user/name", "name"])
    expect(matches("user/*", undefined, keys)).toEqual(["user/name", "user/age"])
  })

  test("a slash-delimited pattern is a regex anchored at the key's start only", () => {
    expect(matches("/user/a/", undefined, keys)).toEqual(["user/age"])
    expect(matches("/.*e$/", undefined, keys)).toEqual(["user/name", "user/age", "title", "name"])
    // oniguruma's match is a prefix match: "name" does not match inside "user/name"
    expect(matches("/name/", undefined, keys)).toEqual(["name"])
  })

  test("anything else matches exactly", () => {
    expect(matches("title", undefined, keys)).toEqual(["title"])
    expect(matches("/", undefined, ["/", "a/"])).toEqual(["/"])
  })

  test("except removes the keys it matches", () => {
    expect(matches("*", "user/*", keys)).toEqual(["title", "name", ""])
    expect(matches("user/*", "*age", keys)).toEqual(["user/name"])
  })

  test("a regex that does not compile is refused", () => {
    expect(() => compileKeyPattern("/(/")).toThrow("invalid regular expression: (")
  })

  test("the key cache computes once per key and starts over past its limit", () => {
    let calls = 0
    const cache = new KeyCache((k: string) => {
      calls++
      return k.length
    }, 2)
    expect(cache.get("ab")).toBe(2)
    expect(cache.get("ab")).toBe(2)
    expect(calls).toBe(1)
    cache.get("c")
    cache.get("d") // table full: dropped, then "d" stored
    cache.get("ab")
    expect(calls).toBe(4)
  })
})
