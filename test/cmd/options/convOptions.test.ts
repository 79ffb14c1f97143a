import { describe, expect, test } from "bun:test"
import {
  convNeedsConf,
  convPairProblem,
  parseConvOptions,
  type ConvOptions,
} from "../../../cmd/options/convOptions.ts"

const ok = (argv: ReadonlyArray<string>): ConvOptions => {
  const outcome = parseConvOptions(argv, "jubaconv")
  if (outcome._tag !== "Options") throw new Error(`expected Options, got ${JSON.stringify(outcome)}`)
  return outcome.values
}

describe("parseConvOptions", () => {
  test("json in and feature vector out are the defaults", () => {
    expect(ok([])).toEqual({ inputFormat: "json", outputFormat: "fv", conf: "" })
  })

  test("formats and config are read from short and long forms", () => {
    expect(ok(["-i", "datum", "-o", "datum", "-c", "conf.json"])).toEqual({
      inputFormat: "datum",
      outputFormat: "datum",
      conf: "conf.json",
    })
    expect(ok(["--input-format=datum", "--output_format", "fv"])).toEqual({
      inputFormat: "datum",
      outputFormat: "fv",
      conf: "",
    })
  })

  test("formats outside the lists are refused", () => {
    expect(parseConvOptions(["-i", "fv"], "jubaconv")).toMatchObject({
      _tag: "Invalid",
      message: "option value is invalid: --input-format=fv",
    })
    expect(parseConvOptions(["--output-format=xml"], "jubaconv")).toMatchObject({
      _tag: "Invalid",
      message: "option value is invalid: --output-format=xml",
    })
  })

  test("only datum to json is an impossible pair", () => {
    expect(convPairProblem(ok(["-i", "datum", "-o", "json"]))).toBe("invalid input-output type: datum -> json")
    expect(convPairProblem(ok(["-i", "json", "-o", "json"]))).toBeUndefined()
    expect(convPairProblem(ok(["-i", "datum", "-o", "fv"]))).toBeUndefined()
  })

  test("a feature vector output needs a converter config", () => {
    expect(convNeedsConf(ok([]))).toBe(true)
    expect(convNeedsConf(ok(["-c", "c.json"]))).toBe(false)
    expect(convNeedsConf(ok(["-o", "datum"]))).toBe(false)
  })

  test("the usage shows the format defaults", () => {
    const outcome = parseConvOptions(["-?"], "jubaconv")
    const lines = outcome._tag === "Help" ? outcome.text.split("\n") : []
    expect(lines[2]).toBe("  -i, --input-format     input format (json/datum) (string [=json])")
    expect(lines[3]).toBe("  -o, --output-format    output format (json/datum/fv) (string [=fv])")
  })
})
