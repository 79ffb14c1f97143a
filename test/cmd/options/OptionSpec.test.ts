import { describe, expect, test } from "bun:test"
import {
  flagOf,
  formatVersion,
  numberOf,
  parseOptions,
  stringOf,
  versionOption,
  type OptionSpec,
  type ParseOutcome,
  type OptionValues,
} from "../../../cmd/options/OptionSpec.ts"

const specs: ReadonlyArray<OptionSpec> = [
  { long: "rpc-port", short: "p", kind: "int", description: "port number", default: 9199, min: 1, max: 65535 },
  { long: "listen_addr", short: "b", kind: "string", description: "bind IP address", default: "" },
  { long: "count", short: "N", kind: "uint", description: "how many" },
  { long: "level", short: "L", kind: "int", description: "signed level", default: -3 },
  { long: "mode", short: "m", kind: "string", description: "mode", default: "a", oneOf: ["a", "b"] },
  { long: "daemon", short: "D", kind: "flag", description: "launch in daemon mode" },
  { long: "debug", short: "d", kind: "flag", description: "debug" },
  { long: "old", kind: "string", description: "renamed", aliases: ["new-name"] },
  versionOption,
]

const required: ReadonlyArray<OptionSpec> = [
  { long: "zookeeper", short: "z", kind: "string", description: "zookeeper location", required: true },
  { long: "cmd", short: "c", kind: "string", description: "command", required: true },
  versionOption,
]

const parse = (argv: ReadonlyArray<string>) => parseOptions(specs, argv, "prog")

const valuesOf = (outcome: ParseOutcome<OptionValues>): OptionValues => {
  if (outcome._tag !== "Options") throw new Error(`expected Options, got ${JSON.stringify(outcome)}`)
  return outcome.values
}

const messageOf = (outcome: ParseOutcome<OptionValues>): string => {
  if (outcome._tag !== "Invalid") throw new Error(`expected Invalid, got ${outcome._tag}`)
  return outcome.message
}

describe("parseOptions", () => {
  test("an empty command line yields every default, zero and empty string where none is given", () => {
    const values = valuesOf(parse([]))
    expect(values).toEqual({
      "rpc-port": 9199,
      listen_addr: "",
      count: 0,
      level: -3,
      mode: "a",
      daemon: false,
      debug: false,
      old: "",
      version: false,
    })
  })

  test("a long option takes its value from the next argument or after '='", () => {
    expect(numberOf(valuesOf(parse(["--rpc-port", "9000"])), "rpc-port")).toBe(9000)
    expect(numberOf(valuesOf(parse(["--rpc-port=9001"])), "rpc-port")).toBe(9001)
    expect(stringOf(valuesOf(parse(["--listen_addr=a=b"])), "listen_addr")).toBe("a=b")
  })

  test("a short option takes the next argument, or the rest of its own argument", () => {
    expect(numberOf(valuesOf(parse(["-p", "9002"])), "rpc-port")).toBe(9002)
    expect(numberOf(valuesOf(parse(["-p9003"])), "rpc-port")).toBe(9003)
  })

  test("a value is taken even when it starts with a dash", () => {
    expect(numberOf(valuesOf(parse(["-L", "-7"])), "level")).toBe(-7)
    expect(stringOf(valuesOf(parse(["--listen_addr", "-x"])), "listen_addr")).toBe("-x")
  })

  test("short flags cluster, and the last letter of a cluster may take the next argument", () => {
    const values = valuesOf(parse(["-Ddp", "9004"]))
    expect(flagOf(values, "daemon")).toBe(true)
    expect(flagOf(values, "debug")).toBe(true)
    expect(numberOf(values, "rpc-port")).toBe(9004)
  })

  test("a value option in the middle of a cluster takes the rest of the cluster", () => {
    expect(messageOf(parse(["-pD"]))).toBe("option value is invalid: --rpc-port=D")
  })

  test("underscores and dashes are interchangeable in long names", () => {
    expect(stringOf(valuesOf(parse(["--listen-addr", "10.0.0.1"])), "listen_addr")).toBe("10.0.0.1")
    expect(numberOf(valuesOf(parse(["--rpc_port=7"])), "rpc-port")).toBe(7)
  })

  test("a declared alias sets the option under its Jubatus name", () => {
    expect(stringOf(valuesOf(parse(["--new-name", "x"])), "old")).toBe("x")
    expect(stringOf(valuesOf(parse(["--new_name=y"])), "old")).toBe("y")
  })

  test("the last occurrence of an option wins", () => {
    expect(numberOf(valuesOf(parse(["-p", "1", "--rpc-port=2"])), "rpc-port")).toBe(2)
  })

  test("arguments that are not options, and a lone dash, are ignored", () => {
    expect(numberOf(valuesOf(parse(["extra", "-", "-p", "5", "more"])), "rpc-port")).toBe(5)
  })

  test("an unknown long option is reported by the name given", () => {
    const outcome = parse(["--foo", "1"])
    expect(messageOf(outcome)).toBe("undefined option: --foo")
    expect(outcome._tag === "Invalid" && outcome.usage.startsWith("usage: prog [options] ... \n")).toBe(true)
    expect(messageOf(parse(["--foo=1"]))).toBe("undefined option: --foo")
    expect(messageOf(parse(["--"]))).toBe("undefined option: --")
  })

  test("an unknown short option is reported by its letter", () => {
    expect(messageOf(parse(["-k"]))).toBe("undefined short option: -k")
    expect(messageOf(parse(["-Dk"]))).toBe("undefined short option: -k")
  })

  test("only the first of several problems is reported", () => {
    expect(messageOf(parse(["--rpc-port=x", "--foo"]))).toBe("option value is invalid: --rpc-port=x")
  })

  test("a value option at the end of the line needs a value", () => {
    expect(messageOf(parse(["--rpc-port"]))).toBe("option needs value: --rpc-port")
    expect(messageOf(parse(["-p"]))).toBe("option needs value: --rpc-port")
    expect(messageOf(parse(["-Dp"]))).toBe("option needs value: --rpc-port")
  })

  test("a flag given a value is invalid", () => {
    expect(messageOf(parse(["--daemon=1"]))).toBe("option value is invalid: --daemon=1")
  })

  test("an int must be a whole decimal number that fits 32 bits", () => {
    expect(messageOf(parse(["--rpc-port=abc"]))).toBe("option value is invalid: --rpc-port=abc")
    expect(messageOf(parse(["-p", "12x"]))).toBe("option value is invalid: --rpc-port=12x")
    expect(messageOf(parse(["-p", "1.5"]))).toBe("option value is invalid: --rpc-port=1.5")
    expect(messageOf(parse(["-p", "0x10"]))).toBe("option value is invalid: --rpc-port=0x10")
    expect(messageOf(parse(["-p", ""]))).toBe("option value is invalid: --rpc-port=")
    expect(messageOf(parse(["-L", "2147483648"]))).toBe("option value is invalid: --level=2147483648")
    expect(numberOf(valuesOf(parse(["-L", "-2147483648"])), "level")).toBe(-2147483648)
    expect(numberOf(valuesOf(parse(["-L", "+12"])), "level")).toBe(12)
  })

  test("an int outside its range is invalid, its bounds included as valid", () => {
    expect(messageOf(parse(["-p", "0"]))).toBe("option value is invalid: --rpc-port=0")
    expect(messageOf(parse(["-p", "65536"]))).toBe("option value is invalid: --rpc-port=65536")
    expect(numberOf(valuesOf(parse(["-p", "1"])), "rpc-port")).toBe(1)
    expect(numberOf(valuesOf(parse(["-p", "65535"])), "rpc-port")).toBe(65535)
  })

  test("an unsigned int refuses negatives and accepts up to 4294967295", () => {
    expect(messageOf(parse(["-N", "-1"]))).toBe("option value is invalid: --count=-1")
    expect(numberOf(valuesOf(parse(["-N", "4294967295"])), "count")).toBe(4294967295)
    expect(messageOf(parse(["-N", "4294967296"]))).toBe("option value is invalid: --count=4294967296")
  })

  test("a string restricted to choices refuses the others", () => {
    expect(stringOf(valuesOf(parse(["-m", "b"])), "mode")).toBe("b")
    expect(messageOf(parse(["--mode=c"]))).toBe("option value is invalid: --mode=c")
  })

  test("help wins over every error and carries the usage", () => {
    for (const argv of [["--help"], ["-?"], ["--foo", "-?"], ["-p", "0", "--help"]]) {
      const outcome = parse(argv)
      expect(outcome._tag).toBe("Help")
      expect(outcome._tag === "Help" && outcome.text.includes("\n  -?, --help ")).toBe(true)
    }
  })

  test("version is answered only when the line is otherwise well formed", () => {
    expect(parse(["--version"])._tag).toBe("Version")
    expect(parse(["-v", "-p", "80"])._tag).toBe("Version")
    expect(messageOf(parse(["-v", "--foo"]))).toBe("undefined option: --foo")
  })

  test("missing required options are reported in name order, not table order", () => {
    const outcome = parseOptions(required, ["-v", "-x"], "tool")
    expect(messageOf(outcome)).toBe("undefined short option: -x")
    expect(messageOf(parseOptions(required, ["--debug"], "tool"))).toBe("undefined option: --debug")
    expect(messageOf(parseOptions(required, ["extra"], "tool"))).toBe("need option: --cmd")
    expect(messageOf(parseOptions(required, ["-c", "x"], "tool"))).toBe("need option: --zookeeper")
  })

  test("no arguments at all while a required option is missing asks for help", () => {
    const outcome = parseOptions(required, [], "tool")
    expect(outcome._tag).toBe("Help")
  })

  test("version needs none of the required options", () => {
    expect(parseOptions(required, ["--version"], "tool")._tag).toBe("Version")
  })

  test("the version line names juba and the program", () => {
    expect(formatVersion("1.2.3", "jubaclassifier")).toBe("juba-1.2.3 (jubaclassifier)")
  })
})
