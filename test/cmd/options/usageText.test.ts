import { describe, expect, test } from "bun:test"
import { helpOption, type OptionSpec } from "../../../cmd/options/OptionSpec.ts"
import { formatUsage } from "../../../cmd/options/usageText.ts"

const table: ReadonlyArray<OptionSpec> = [
  { long: "zookeeper", short: "z", kind: "string", description: "zookeeper location", required: true },
  { long: "num", short: "N", kind: "uint", description: "count" },
  { long: "cmd", short: "c", kind: "string", description: "command", required: true },
  { long: "http-port", kind: "int", description: "metrics port", default: 0 },
  { long: "dir", short: "d", kind: "string", description: "where", default: "/tmp" },
  { long: "daemon", short: "D", kind: "flag", description: "launch in daemon mode" },
  helpOption,
]

describe("formatUsage", () => {
  test("lays usage out as cmdline.h does: required options on the usage line, names padded to the longest plus four", () => {
    expect(formatUsage(table, "tool", "")).toBe(
      "usage: tool --zookeeper=string --cmd=string [options] ... \n" +
        "options:\n" +
        "  -z, --zookeeper    zookeeper location (string)\n" +
        "  -N, --num          count (unsigned int [=0])\n" +
        "  -c, --cmd          command (string)\n" +
        "      --http-port    metrics port (int [=0])\n" +
        "  -d, --dir          where (string [=/tmp])\n" +
        "  -D, --daemon       launch in daemon mode\n" +
        "  -?, --help         print this message\n",
    )
  })

  test("a footer ends the usage line", () => {
    expect(formatUsage([helpOption], "p", "FILE").split("\n")[0]).toBe("usage: p [options] ... FILE")
  })
})
