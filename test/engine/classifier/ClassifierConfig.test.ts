import { describe, expect, test } from "bun:test"
import { decodeClassifierConfig } from "../../../src/engine/classifier/ClassifierConfig.ts"
import { ConfigError } from "../../../src/common/errors.ts"

/** Records what the converter decoder was handed. */
const converterSeen: Array<[unknown, string]> = []
const decodeConverter = (json: unknown, path: string) => {
  converterSeen.push([json, path])
  return { decoded: json }
}

const decode = (json: unknown) => decodeClassifierConfig(json, decodeConverter)

const failure = (json: unknown): { path: string; problem: string } => {
  try {
    decode(json)
  } catch (e) {
    if (e instanceof ConfigError) return { path: e.path, problem: e.problem }
    throw e
  }
  throw new Error("expected a ConfigError")
}

const converter = { num_rules: [{ key: "*", type: "num" }] }

describe("ClassifierConfig", () => {
  test("decodes AROW with its regularization weight and hands the converter section on", () => {
    converterSeen.length = 0
    const c = decode({ method: "AROW", parameter: { regularization_weight: 0.5 }, converter })
    expect(c).toEqual({ method: "arow", regularizationWeight: 0.5, unlearner: undefined, converter: { decoded: converter } })
    expect(converterSeen).toEqual([[converter, ".converter"]])
  })

  test("maps every alias to its method", () => {
    const aliases: Record<string, string> = {
      perceptron: "perceptron",
      PA: "passive_aggressive",
      passive_aggressive: "passive_aggressive",
      PA1: "passive_aggressive_1",
      passive_aggressive_1: "passive_aggressive_1",
      PA2: "passive_aggressive_2",
      passive_aggressive_2: "passive_aggressive_2",
      CW: "confidence_weighted",
      confidence_weighted: "confidence_weighted",
      AROW: "arow",
      arow: "arow",
      NHERD: "normal_herd",
      normal_herd: "normal_herd"
    }
    for (const [name, method] of Object.entries(aliases)) {
      const parameter = method === "perceptron" || method === "passive_aggressive" ? {} : { regularization_weight: 1 }
      expect(decode({ method: name, parameter, converter }).method).toBe(method as any)
    }
  })

  test("perceptron and PA need no parameter block, and refuse a regularization weight", () => {
    expect(decode({ method: "perceptron", converter }).method).toBe("perceptron")
    expect(decode({ method: "PA", parameter: null, converter }).method).toBe("passive_aggressive")
    expect(failure({ method: "PA", parameter: { regularization_weight: 1 }, converter })).toEqual({
      path: ".parameter.regularization_weight",
      problem: "unknown key: not used by this method"
    })
  })

  test("the other linear methods require the parameter block", () => {
    for (const method of ["PA1", "PA2", "CW", "AROW", "NHERD"]) {
      expect(failure({ method, converter })).toEqual({
        path: ".parameter",
        problem: "parameter block is not specified in config"
      })
    }
  })

  test("refuses a regularization weight that is not positive as a C++ float", () => {
    for (const w of [0, -1, 1e-50]) {
      expect(failure({ method: "AROW", parameter: { regularization_weight: w }, converter })).toEqual({
        path: ".parameter.regularization_weight",
        problem: "invalid parameter (expected: 0.0 < regularization_weight)"
      })
    }
  })

  test("names the JSON path of a value of the wrong type", () => {
    expect(failure({ method: "CW", parameter: { regularization_weight: "1" }, converter }).path).toBe(
      ".parameter.regularization_weight"
    )
    expect(failure({ method: 3, converter }).path).toBe(".method")
    expect(failure({ method: "AROW", parameter: { regularization_weight: 1 } })).toEqual({
      path: ".converter",
      problem: "missing key"
    })
    expect(failure({ method: "AROW", parameter: { regularization_weight: 1 }, converter, extra: 1 }).path).toBe(".extra")
  })

  test("refuses unknown methods, and says which Jubatus methods juba lacks", () => {
    expect(failure({ method: "SVM", converter })).toEqual({
      path: ".method",
      problem: "unsupported method (classifier(SVM))"
    })
    for (const m of ["NN", "nearest_neighbor", "cosine", "euclidean"]) {
      expect(failure({ method: m, parameter: {}, converter })).toEqual({
        path: ".method",
        problem: `"${m}" is not yet supported by juba`
      })
    }
  })

  test("decodes the lru and random unlearners", () => {
    const lru = decode({
      method: "AROW",
      parameter: { regularization_weight: 1, unlearner: "lru", unlearner_parameter: { max_size: 3, sticky_pattern: "a*" } },
      converter
    }).unlearner
    expect(lru?.kind).toBe("lru")
    expect(lru?.maxSize).toBe(3)
    const random = decode({
      method: "perceptron",
      parameter: { unlearner: "random", unlearner_parameter: { max_size: 2, seed: 42 } },
      converter
    }).unlearner
    expect(random).toEqual({ kind: "random", maxSize: 2, seed: 42 })
  })

  test("refuses incomplete or invalid unlearner settings", () => {
    const withUnlearner = (unlearner: unknown, unlearner_parameter?: unknown) =>
      failure({ method: "AROW", parameter: { regularization_weight: 1, unlearner, unlearner_parameter }, converter })
    expect(withUnlearner("lru")).toEqual({
      path: ".parameter",
      problem: "Unlearner is set but unlearner_parameter is not found"
    })
    expect(withUnlearner("fifo", { max_size: 1 })).toEqual({
      path: ".parameter.unlearner",
      problem: "unsupported method (unlearner(fifo))"
    })
    expect(withUnlearner("lru", { max_size: 0 })).toEqual({
      path: ".parameter.unlearner_parameter.max_size",
      problem: "max_size must be a positive integer"
    })
    expect(withUnlearner("lru", { max_size: 1.5 }).path).toBe(".parameter.unlearner_parameter.max_size")
    expect(withUnlearner("random", { max_size: 1, seed: 4294967296 })).toEqual({
      path: ".parameter.unlearner_parameter.seed",
      problem: "unlearner seed must be within unsigned 32 bit integer"
    })
    expect(withUnlearner("random", { max_size: 1, sticky_pattern: "x" }).path).toBe(
      ".parameter.unlearner_parameter.sticky_pattern"
    )
  })
})
