import { describe, expect, test } from "bun:test"
import { EngineError } from "../../src/common/errors.ts"
import type { Converter } from "../../src/fv/Converter.ts"
import { decodeConverterConfig } from "../../src/fv/ConverterConfig.ts"
import { datumOf, type Datum } from "../../src/fv/Datum.ts"
import type { FeatureVector } from "../../src/fv/FeatureVector.ts"
import { makeConverter } from "../../src/fv/makeConverter.ts"
import type { DocumentWeightManager } from "../../src/fv/WeightManager.ts"

const converter = (config: unknown): Converter => makeConverter(decodeConverterConfig(config))
const pairs = (fv: FeatureVector): Array<[string, number]> => fv.keys.map((k, i) => [k, fv.values[i]])
const run = (config: unknown, datum: Datum) => pairs(converter(config).convert(datum))
const strRule = (type: string, sample = "bin", global = "bin", key = "*") => ({
  key,
  type,
  sample_weight: sample,
  global_weight: global
})

describe("makeConverter string rules", () => {
  test("str keeps the whole value as the token", () => {
    expect(run({ string_rules: [strRule("str")] }, datumOf({ string: { name: "Taro Yamada" } }))).toEqual([
      ["name$Taro Yamada@str#bin/bin", 1]
    ])
  })

  test("str turns an empty value into an empty token", () => {
    expect(run({ string_rules: [strRule("str")] }, datumOf({ string: { s: "" } }))).toEqual([["s$@str#bin/bin", 1]])
  })

  test("space splits on whitespace and tf counts repeats", () => {
    expect(run({ string_rules: [strRule("space", "tf")] }, datumOf({ string: { t: " a\tb\na  " } }))).toEqual([
      ["t$a@space#tf/bin", 2],
      ["t$b@space#tf/bin", 1]
    ])
  })

  test("bin gives 1 and log_tf gives ln(1 + count)", () => {
    const d = datumOf({ string: { t: "a b a a" } })
    expect(run({ string_rules: [strRule("space", "bin")] }, d)).toEqual([
      ["t$a@space#bin/bin", 1],
      ["t$b@space#bin/bin", 1]
    ])
    const logTf = run({ string_rules: [strRule("space", "log_tf")] }, d)
    expect(logTf.map(([k]) => k)).toEqual(["t$a@space#log_tf/bin", "t$b@space#log_tf/bin"])
    expect(logTf[0][1]).toBeCloseTo(Math.log(4), 12)
    expect(logTf[1][1]).toBeCloseTo(Math.log(2), 12)
  })

  test("ngram takes code-point n-grams and nothing from shorter values", () => {
    const config = {
      string_types: { bigram: { method: "ngram", char_num: "2" } },
      string_rules: [strRule("bigram", "tf")]
    }
    expect(run(config, datumOf({ string: { a: "abab", b: "日本語", c: "x" } }))).toEqual([
      ["a$ab@bigram#tf/bin", 2],
      ["a$ba@bigram#tf/bin", 1],
      ["b$日本@bigram#tf/bin", 1],
      ["b$本語@bigram#tf/bin", 1]
    ])
  })

  test("regexp string types take every match, or the chosen group", () => {
    const whole = {
      string_types: { digits: { method: "regexp", pattern: "[0-9]+" } },
      string_rules: [strRule("digits")]
    }
    expect(run(whole, datumOf({ string: { s: "a12b345" } }))).toEqual([
      ["s$12@digits#bin/bin", 1],
      ["s$345@digits#bin/bin", 1]
    ])
    const group = {
      string_types: { g: { method: "regexp", pattern: "([a-z])([0-9])", group: "2" } },
      string_rules: [strRule("g")]
    }
    expect(run(group, datumOf({ string: { s: "a1b2" } }))).toEqual([
      ["s$1@g#bin/bin", 1],
      ["s$2@g#bin/bin", 1]
    ])
  })

  test("split cuts at every separator character", () => {
    const config = {
      string_types: { csv: { method: "split", separators: ",;" } },
      string_rules: [strRule("csv")]
    }
    expect(run(config, datumOf({ string: { s: ",a,b;;c" } }))).toEqual([
      ["s$a@csv#bin/bin", 1],
      ["s$b@csv#bin/bin", 1],
      ["s$c@csv#bin/bin", 1]
    ])
  })

  test("a redefined built-in type name uses the new definition", () => {
    const config = { string_types: { str: { method: "ngram", char_num: "1" } }, string_rules: [strRule("str")] }
    expect(run(config, datumOf({ string: { s: "ab" } }))).toEqual([
      ["s$a@str#bin/bin", 1],
      ["s$b@str#bin/bin", 1]
    ])
  })

  test("rules run one after another over all values, with key matchers and except", () => {
    const config = {
      string_rules: [
        strRule("str", "bin", "bin", "user/*"),
        { ...strRule("space"), except: "*id" }
      ]
    }
    expect(run(config, datumOf({ string: { "user/name": "a b", "user/id": "7", x: "c" } }))).toEqual([
      ["user/name$a b@str#bin/bin", 1],
      ["user/id$7@str#bin/bin", 1],
      ["user/name$a@space#bin/bin", 1],
      ["user/name$b@space#bin/bin", 1],
      ["x$c@space#bin/bin", 1]
    ])
  })

  test("a key containing $ is refused when a rule makes a feature of it", () => {
    const c = converter({ string_rules: [strRule("space")] })
    expect(() => c.convert(datumOf({ string: { "a$b": "x" } }))).toThrow(
      new EngineError("feature key cannot contain '$': a$b")
    )
    // no token, no feature, no error (as in Jubatus)
    expect(pairs(c.convert(datumOf({ string: { "a$b": "  " } })))).toEqual([])
  })
})

describe("makeConverter num rules", () => {
  test("num keeps the value, log takes ln(max(1, v)) and str names the value", () => {
    const config = { num_rules: [{ key: "*", type: "num" }, { key: "*", type: "log" }, { key: "*", type: "str" }] }
    const out = run(config, datumOf({ num: { x: 2.5 } }))
    expect(out.map(([k]) => k)).toEqual(["x@num", "x@log", "x@str$2.5"])
    expect(out[0][1]).toBe(2.5)
    expect(out[1][1]).toBeCloseTo(Math.log(2.5), 12)
    expect(out[2][1]).toBe(1)
  })

  test("values are visited in order and each one goes through every rule", () => {
    const config = { num_rules: [{ key: "*", type: "num" }, { key: "a", type: "str" }] }
    expect(run(config, datumOf({ num: { a: 1234567, b: 1e-7 } }))).toEqual([
      ["a@num", 1234567],
      ["a@str$1.23457e+06", 1],
      ["b@num", 1e-7]
    ])
  })

  test("zero-valued features are dropped, as Jubatus drops them after weighting", () => {
    const config = { num_rules: [{ key: "*", type: "num" }, { key: "*", type: "log" }] }
    expect(run(config, datumOf({ num: { zero: 0, half: 0.5 } }))).toEqual([["half@num", 0.5]])
  })

  test("a num key containing $ is refused", () => {
    const c = converter({ num_rules: [{ key: "*", type: "num" }] })
    expect(() => c.convert(datumOf({ num: { "p$q": 1 } }))).toThrow("feature key cannot contain '$': p$q")
  })

  test("string features come before num features", () => {
    const config = { string_rules: [strRule("str")], num_rules: [{ key: "*", type: "num" }] }
    expect(run(config, datumOf({ string: { s: "v" }, num: { n: 3 } })).map(([k]) => k)).toEqual([
      "s$v@str#bin/bin",
      "n@num"
    ])
  })
})

describe("makeConverter filters", () => {
  test("a regexp string filter adds the rewritten value under key + suffix, after the originals", () => {
    const config = {
      string_filter_types: { detag: { method: "regexp", pattern: "<[^>]*>", replace: "" } },
      string_filter_rules: [{ key: "html", type: "detag", suffix: "-detagged" }],
      string_rules: [strRule("str")]
    }
    expect(run(config, datumOf({ string: { html: "<b>hi</b>", other: "<i>" } }))).toEqual([
      ["html$<b>hi</b>@str#bin/bin", 1],
      ["other$<i>@str#bin/bin", 1],
      ["html-detagged$hi@str#bin/bin", 1]
    ])
  })

  test("replacements can use groups and escaped backslashes", () => {
    const config = {
      string_filter_types: { swap: { method: "regexp", pattern: "(\\w+)@(\\w+)", replace: "\\2 at \\1\\\\" } },
      string_filter_rules: [{ key: "*", type: "swap", suffix: "_s" }],
      string_rules: [strRule("str", "bin", "bin", "*_s")]
    }
    expect(run(config, datumOf({ string: { m: "me@host, you@there" } }))).toEqual([
      ["m_s$host at me\\, there at you\\@str#bin/bin", 1]
    ])
  })

  test("a later filter rule also reads what earlier rules produced", () => {
    const config = {
      string_filter_types: {
        up: { method: "regexp", pattern: "a", replace: "A" },
        dot: { method: "regexp", pattern: "$", replace: "." }
      },
      string_filter_rules: [
        { key: "*", type: "up", suffix: "_u" },
        { key: "*", type: "dot", suffix: "_d" }
      ],
      string_rules: [strRule("str")]
    }
    expect(run(config, datumOf({ string: { k: "aba" } })).map(([k]) => k)).toEqual([
      "k$aba@str#bin/bin",
      "k_u$AbA@str#bin/bin",
      "k_d$aba.@str#bin/bin",
      "k_u_d$AbA.@str#bin/bin"
    ])
  })

  test("num filters add, normalise linearly (with and without truncation), by gaussian and by sigmoid", () => {
    const config = {
      num_filter_types: {
        plus: { method: "add", value: "3" },
        lin: { method: "linear_normalization", min: "0", max: "10" },
        linfree: { method: "linear_normalization", min: "0", max: "10", truncate: "False" },
        gauss: { method: "gaussian_normalization", average: "10", standard_deviation: "2" },
        sig: { method: "sigmoid_normalization" }
      },
      num_filter_rules: [
        { key: "a", type: "plus", suffix: "+3" },
        { key: "*", type: "lin", suffix: "_lin", except: "*+3" },
        { key: "b", type: "linfree", suffix: "_free" },
        { key: "c", type: "gauss", suffix: "_g" },
        { key: "zero", type: "sig", suffix: "_s" }
      ],
      num_rules: [{ key: "*", type: "num", except: "zero" }]
    }
    expect(run(config, datumOf({ num: { a: 2, b: 15, c: 14, zero: 0 } }))).toEqual([
      ["a@num", 2],
      ["b@num", 15],
      ["c@num", 14],
      ["a+3@num", 5],
      ["a_lin@num", 0.2],
      ["b_lin@num", 1],
      ["c_lin@num", 1],
      // zero_lin (value 0) is dropped
      ["b_free@num", 1.5],
      ["c_g@num", 2],
      ["zero_s@num", 0.5]
    ])
  })
})

describe("makeConverter global weights", () => {
  const idfConfig = (global: string) => ({ string_rules: [strRule("space", "tf", global, "w")] })

  test("idf weighs by ln((N + 1) / (df + 1)) over trained documents, this one included", () => {
    const c = converter(idfConfig("idf"))
    // the first trained document is in every document so far: ln(2/2) = 0 drops everything
    expect(pairs(c.convertForUpdate(datumOf({ string: { w: "a b" } })))).toEqual([])
    c.convertForUpdate(datumOf({ string: { w: "a c" } }))
    c.convertForUpdate(datumOf({ string: { w: "a" } }))
    // N = 3, df(a) = 3, df(b) = 1; tf(b) = 2
    const out = pairs(c.convert(datumOf({ string: { w: "a b b" } })))
    expect(out.map(([k]) => k)).toEqual(["w$b@space#tf/idf"])
    expect(out[0][1]).toBeCloseTo(2 * Math.log(4 / 2), 12)
  })

  test("convert reads the statistics without counting the datum", () => {
    const c = converter(idfConfig("idf"))
    c.convertForUpdate(datumOf({ string: { w: "a" } }))
    c.convert(datumOf({ string: { w: "b" } }))
    c.convert(datumOf({ string: { w: "b" } }))
    expect(c.weights.status().diff_document_count).toBe("1")
    // unseen feature: ln((1 + 1) / (0 + 1))
    expect(pairs(c.convert(datumOf({ string: { w: "b" } })))[0][1]).toBeCloseTo(Math.log(2), 12)
  })

  test("idf1 adds one to the idf", () => {
    const c = converter(idfConfig("idf1"))
    c.convertForUpdate(datumOf({ string: { w: "a" } }))
    c.convertForUpdate(datumOf({ string: { w: "b" } }))
    const out = pairs(c.convert(datumOf({ string: { w: "a z" } })))
    expect(out.map(([k]) => k)).toEqual(["w$a@space#tf/idf1", "w$z@space#tf/idf1"])
    expect(out[0][1]).toBeCloseTo(Math.log(3 / 2) + 1, 12)
    expect(out[1][1]).toBeCloseTo(Math.log(3 / 1) + 1, 12)
  })

  test("bm25 uses k1 = 1.2, b = 0.75 and the average length of the key's group", () => {
    const c = converter(idfConfig("bm25"))
    c.convertForUpdate(datumOf({ string: { w: "a a b" } }))
    c.convertForUpdate(datumOf({ string: { w: "c" } }))
    c.convertForUpdate(datumOf({ string: { w: "c d" } }))
    // N = 3, df(a) = df(b) = 1, group "w@space#tf/bm25": 3 documents of total length 3 + 1 + 2
    expect(c.weights.status().diff_num_group_frequencies).toBe("1")
    const out = pairs(c.convert(datumOf({ string: { w: "a b b" } })))
    const idf = Math.log((3 - 1 + 0.5) / (1 + 0.5))
    const norm = 1.2 * (1 - 0.75 + (0.75 * 3) / 2) // this datum's length 3, average 2
    expect(out.map(([k]) => k)).toEqual(["w$a@space#tf/bm25", "w$b@space#tf/bm25"])
    expect(out[0][1]).toBeCloseTo((idf * (1 * 2.2)) / (1 + norm), 12)
    expect(out[1][1]).toBeCloseTo((idf * (2 * 2.2)) / (2 + norm), 12)
  })

  test("weight multiplies by the user weight of <key>$<token>@<type>, which defaults to 0", () => {
    const c = converter({ string_rules: [strRule("space", "tf", "weight", "w")] })
    const d = datumOf({ string: { w: "a a b" } })
    expect(pairs(c.convert(d))).toEqual([])
    ;(c.weights as DocumentWeightManager).addWeight("w$a@space", 1.5)
    expect(pairs(c.convert(d))).toEqual([["w$a@space#tf/weight", 3]])
  })

  test("without an idf or bm25 rule nothing is counted", () => {
    const c = converter({ string_rules: [strRule("str")], num_rules: [{ key: "*", type: "num" }] })
    c.convertForUpdate(datumOf({ string: { s: "x" }, num: { n: 1 } }))
    expect(c.weights.status().diff_document_count).toBe("0")
    expect(c.weights.status().diff_num_document_frequencies).toBe("0")
  })

  test("with an idf rule every feature is counted, num features included", () => {
    const c = converter({ ...idfConfig("idf"), num_rules: [{ key: "*", type: "num" }] })
    c.convertForUpdate(datumOf({ string: { w: "a" }, num: { n: 1 } }))
    expect(c.weights.getDiff()).toEqual([[1, [{ "w$a@space#tf/idf": 1, "n@num": 1 }], [{}], [{}], {}], [0]])
  })
})

describe("makeConverter combinations", () => {
  const nums = datumOf({ num: { x: 2, y: 3, z: 5 } })

  test("add and mul combine each unordered pair of matching features once", () => {
    const config = (type: string, left: string, right: string) => ({
      num_rules: [{ key: "*", type: "num" }],
      combination_rules: [{ key_left: left, key_right: right, type }]
    })
    expect(run(config("mul", "x@num", "*"), nums).slice(3)).toEqual([
      ["x@num&y@num/mul", 6],
      ["x@num&z@num/mul", 10]
    ])
    expect(run(config("add", "*", "*"), nums).slice(3)).toEqual([
      ["x@num&y@num/add", 5],
      ["x@num&z@num/add", 7],
      ["y@num&z@num/add", 8]
    ])
  })

  test("names follow feature order whichever side matched", () => {
    const config = {
      num_rules: [{ key: "*", type: "num" }],
      combination_rules: [{ key_left: "z@num", key_right: "x@num", type: "mul" }]
    }
    expect(run(config, nums).slice(3)).toEqual([["x@num&z@num/mul", 10]])
  })

  test("excepts apply per side and combined features are not combined again", () => {
    const config = {
      num_rules: [{ key: "*", type: "num" }],
      combination_rules: [
        { key_left: "*", key_right: "*", except_left: "y*", except_right: "y*", type: "add" },
        // the right side excludes z, but z still pairs as a left side; the /add feature never pairs
        { key_left: "*", key_right: "*", type: "mul", except_right: "z*" }
      ]
    }
    expect(run(config, nums).slice(3)).toEqual([
      ["x@num&z@num/add", 7],
      ["x@num&y@num/mul", 6],
      ["x@num&z@num/mul", 10],
      ["y@num&z@num/mul", 15]
    ])
  })

  test("combinations use weighted values", () => {
    const c = converter({
      string_rules: [strRule("str", "bin", "idf", "s")],
      num_rules: [{ key: "*", type: "num" }],
      combination_rules: [{ key_left: "*", key_right: "*", type: "mul" }]
    })
    c.convertForUpdate(datumOf({ string: { s: "other" } }))
    const out = pairs(c.convert(datumOf({ string: { s: "v" }, num: { n: 3 } })))
    expect(out[2][0]).toBe("s$v@str#bin/idf&n@num/mul")
    expect(out[2][1]).toBeCloseTo(3 * Math.log(2), 12)
  })
})

describe("makeConverter hashing", () => {
  const fnv1 = (s: string): bigint => {
    let h = 14695981039346656037n
    for (const b of new TextEncoder().encode(s)) {
      h = ((h * 1099511628211n) & 0xffffffffffffffffn) ^ (b >= 0x80 ? BigInt(b) | 0xffffffffffffff00n : BigInt(b))
    }
    return h
  }

  test("hash_max_size replaces every final name by FNV-1 modulo the size, values kept", () => {
    const config = {
      hash_max_size: 1000,
      num_rules: [{ key: "*", type: "num" }],
      combination_rules: [{ key_left: "*", key_right: "*", type: "add" }]
    }
    expect(run(config, datumOf({ num: { a: 1, é: 2 } }))).toEqual([
      [String(fnv1("a@num") % 1000n), 1],
      [String(fnv1("é@num") % 1000n), 2],
      [String(fnv1("a@num&é@num/add") % 1000n), 3]
    ])
  })
})
