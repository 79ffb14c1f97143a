import { describe, expect, test } from "bun:test"
import { parseDumpOptions } from "../../../cmd/options/dumpOptions.ts"

describe("parseDumpOptions", () => {
  test("the input file is read from -i or --input", () => {
    expect(parseDumpOptions(["-i", "m.jubatus"], "jubadump")).toEqual({ _tag: "Options", values: { input: "m.jubatus" } })
    expect(parseDumpOptions(["--input=/a b"], "jubadump")).toEqual({ _tag: "Options", values: { input: "/a b" } })
  })

  test("no argument at all shows the usage, with the input required on the usage line", () => {
    const outcome = parseDumpOptions([], "jubadump")
    expect(outcome._tag).toBe("Help")
    expect(outcome._tag === "Help" && outcome.text).toBe(
      "usage: jubadump --input=string [options] ... \n" +
        "options:\n" +
        "  -i, --input      Input file (string)\n" +
        "  -v, --version    version\n" +
        "  -?, --help       print this message\n",
    )
  })

  test("arguments without -i are refused for the missing input", () => {
    expect(parseDumpOptions(["m.jubatus"], "jubadump")).toMatchObject({ _tag: "Invalid", message: "need option: --input" })
    expect(parseDumpOptions(["-i"], "jubadump")).toMatchObject({ _tag: "Invalid", message: "option needs value: --input" })
  })
})
