import { describe, expect, test } from "bun:test"
import { ConfigError } from "../../src/common/errors.ts"
import { decodeConverterConfig } from "../../src/fv/ConverterConfig.ts"

const problem = (json: unknown, path?: string): [string, string] => {
  try {
    decodeConverterConfig(json, path)
  } catch (e) {
    if (e instanceof ConfigError) return [e.path, e.problem]
    throw e
  }
  throw new Error("expected a ConfigError")
}

const rule = { key: "*", type: "str", sample_weight: "bin", global_weight: "bin" }

describe("decodeConverterConfig", () => {
  test("decodes a full config into typed values, nulls meaning absent", () => {
    const config = decodeConverterConfig({
      string_types: { bigram: { method: "ngram", char_num: "2" } },
      string_rules: [{ ...rule, type: "bigram", except: null }],
      num_rules: [{ key: "*", type: "num" }],
      combination_rules: null,
      hash_max_size: 1024
    })
    expect(config).toEqual({
      string_types: { bigram: { method: "ngram", char_num: "2" } },
      string_rules: [{ key: "*", type: "bigram", sample_weight: "bin", global_weight: "bin" }],
      num_rules: [{ key: "*", type: "num" }],
      hash_max_size: 1024
    })
    expect(decodeConverterConfig({})).toEqual({})
  })

  test("shape errors name the JSON location", () => {
    expect(problem(3)).toEqual([".converter", "expected object, got 3"])
    expect(problem({ string_rules: [rule, { ...rule, key: 1 }] })).toEqual([
      ".converter.string_rules[1].key",
      "expected string, got 1"
    ])
    expect(problem({ string_types: { ng: { method: "ngram", char_num: 2 } } })).toEqual([
      ".converter.string_types.ng.char_num",
      "expected string, got 2"
    ])
    expect(problem({ hash_max_size: 1.5 })[0]).toBe(".converter.hash_max_size")
  })

  test("missing and unused members are reported like Jubatus's config cast", () => {
    expect(problem({ num_rules: [{ type: "num" }] })).toEqual([".converter.num_rules[0]", '"key" is not found'])
    expect(problem({ num_rules: [{ key: "*", type: "num", weight: 1 }] })).toEqual([
      ".converter.num_rules[0]",
      '"weight" is not used'
    ])
    expect(problem({ strings: [] })).toEqual([".converter", '"strings" is not used'])
  })

  test("the base path can be chosen", () => {
    expect(problem({ hash_max_size: -3 }, ".c")).toEqual([".c.hash_max_size", "hash_max_size must be positive, but is -3"])
  })

  test("unknown rule types and weights use Jubatus's messages", () => {
    expect(problem({ string_rules: [{ ...rule, type: "bigram" }] })).toEqual([
      ".converter.string_rules[0].type",
      "unknown type: [bigram] in string_rules"
    ])
    expect(problem({ string_rules: [{ ...rule, sample_weight: "count" }] })).toEqual([
      ".converter.string_rules[0].sample_weight",
      "unknown sample_weight: [count] in string_rules"
    ])
    expect(problem({ string_rules: [{ ...rule, global_weight: "tfidf" }] })).toEqual([
      ".converter.string_rules[0].global_weight",
      "unknown global_weight: [tfidf] in string_rules"
    ])
    expect(problem({ num_rules: [{ key: "*", type: "sqrt" }] })[1]).toBe("unknown type: [sqrt] in num_rules")
    expect(problem({ string_filter_rules: [{ key: "*", type: "f", suffix: "" }] })[1]).toBe(
      "unknown type: [f] in string_filter_rules"
    )
    expect(problem({ num_filter_rules: [{ key: "*", type: "f", suffix: "" }] })[1]).toBe(
      "unknown type: [f] in num_filter_rules"
    )
    expect(problem({ combination_rules: [{ key_left: "*", key_right: "*", type: "sub" }] })[1]).toBe(
      "unknown type: [sub] in combination_rules"
    )
  })

  test("binary rules are refused since only plugins make binary features", () => {
    expect(problem({ binary_rules: [{ key: "*", type: "image" }] })).toEqual([
      ".converter.binary_rules[0].type",
      "unknown type: [image] in binary_rules"
    ])
  })

  test("every type needs a method", () => {
    expect(problem({ string_types: { ng: { char_num: "2" } } })).toEqual([
      ".converter.string_types.ng",
      "parameter: [method] must be defined"
    ])
  })

  test("dynamic plugins are refused naming the type", () => {
    const plugin = { method: "dynamic", path: "libmecab_splitter.so", function: "create" }
    expect(problem({ string_types: { mecab: plugin } })).toEqual([
      ".converter.string_types.mecab.method",
      'cannot load plugin for string type "mecab": dynamic plugins (C++ shared objects) are not supported'
    ])
    for (const member of ["string_filter_types", "num_filter_types", "num_types", "binary_types", "combination_types"]) {
      const [path, text] = problem({ [member]: { p: plugin } })
      expect(path).toBe(`.converter.${member}.p.method`)
      expect(text).toContain("dynamic plugins (C++ shared objects) are not supported")
    }
  })

  test("unknown methods use Jubatus's messages", () => {
    expect(problem({ string_types: { t: { method: "mecab" } } })).toEqual([
      ".converter.string_types.t.method",
      "unknown splitter name: mecab"
    ])
    expect(problem({ string_filter_types: { t: { method: "upper" } } })[1]).toBe("unknown filter name: upper")
    expect(problem({ num_filter_types: { t: { method: "mul" } } })[1]).toBe("unknown num filter name: mul")
    expect(problem({ num_types: { t: { method: "sqrt" } } })[1]).toBe("unknown num feature name: sqrt")
    expect(problem({ binary_types: { t: { method: "png" } } })[1]).toBe("unknown binary feature name: png")
    expect(problem({ combination_types: { t: { method: "sub" } } })[1]).toBe("unknown combination feature name: sub")
  })

  test("type parameters are checked", () => {
    expect(problem({ string_types: { ng: { method: "ngram" } } })).toEqual([
      ".converter.string_types.ng",
      '"char_num" is not specified in parameters'
    ])
    expect(problem({ string_types: { ng: { method: "ngram", char_num: "two" } } })[1]).toBe(
      '"char_num" must be an integer value: two'
    )
    expect(problem({ string_types: { "n g": { method: "ngram", char_num: "0" } } })).toEqual([
      '.converter.string_types["n g"].char_num',
      "char_num must be positive integer: 0"
    ])
    expect(problem({ string_types: { r: { method: "regexp" } } })[1]).toBe("not found: pattern")
    expect(problem({ string_types: { r: { method: "regexp", pattern: "(a)", group: "2" } } })[1]).toBe(
      "regexp '(a)' only contains 1 groups, but 'group' is 2"
    )
    expect(problem({ string_types: { r: { method: "regexp", pattern: "a", group: "-1" } } })[1]).toBe(
      "'group' must be positive: -1"
    )
    expect(problem({ string_types: { r: { method: "regexp", pattern: "(" } } })[1]).toBe("invalid regular expression: (")
    expect(problem({ string_types: { s: { method: "split" } } })[1]).toBe("not found: separators")
    expect(problem({ string_filter_types: { f: { method: "regexp", pattern: "a" } } })[1]).toBe(
      '"replace" is not specified in parameters'
    )
    expect(problem({ string_filter_types: { f: { method: "regexp", pattern: "(a)", replace: "\\2" } } })[1]).toBe(
      "invalid number of capture group"
    )
    expect(problem({ string_filter_types: { f: { method: "regexp", pattern: "a", replace: "\\x" } } })[1]).toBe(
      "invalid replacement expression. 0-9 or \\ are required after \\"
    )
    expect(problem({ num_filter_types: { f: { method: "add", value: "one" } } })).toEqual([
      ".converter.num_filter_types.f.value",
      '"value" must be a number: "one"'
    ])
    expect(problem({ num_filter_types: { f: { method: "linear_normalization", min: "1", max: "1" } } })[1]).toBe(
      "maximum must be bigger than minimum"
    )
    expect(
      problem({ num_filter_types: { f: { method: "gaussian_normalization", average: "0", standard_deviation: "-1" } } })[1]
    ).toBe("standard deviation must be non-negative")
    expect(problem({ num_filter_types: { f: { method: "sigmoid_normalization", gain: "0" } } })[1]).toBe(
      "gain must not be zero"
    )
  })

  test("bad key regexes are located at the key or the except", () => {
    expect(problem({ string_rules: [{ ...rule, key: "/(/" }] })).toEqual([
      ".converter.string_rules[0].key",
      "invalid regular expression: ("
    ])
    expect(problem({ num_rules: [{ key: "*", except: "/[/", type: "num" }] })).toEqual([
      ".converter.num_rules[0].except",
      "invalid regular expression: ["
    ])
    expect(problem({ combination_rules: [{ key_left: "*", key_right: "/(/", type: "add" }] })[0]).toBe(
      ".converter.combination_rules[0].key_right"
    )
  })

  test("types are checked before rules, in name order", () => {
    expect(
      problem({
        string_rules: [{ ...rule, type: "missing" }],
        string_types: { b: { method: "nope" }, a: { method: "ngram" } }
      })
    ).toEqual([".converter.string_types.a", '"char_num" is not specified in parameters'])
  })
})
