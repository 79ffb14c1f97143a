import { describe, expect, test } from "bun:test"
import { helpOption, type OptionSpec } from "../../../cmd/options/OptionSpec.ts"
import { configOptionSpecs } from "../../../cmd/options/configOptions.ts"
import { convOptionSpecs } from "../../../cmd/options/convOptions.ts"
import { ctlOptionSpecs } from "../../../cmd/options/ctlOptions.ts"
import { dumpOptionSpecs } from "../../../cmd/options/dumpOptions.ts"
import { proxyOptionSpecs } from "../../../cmd/options/proxyOptions.ts"
import { serverOptionSpecs } from "../../../cmd/options/serverOptions.ts"
import { visorOptionSpecs } from "../../../cmd/options/visorOptions.ts"

const tables: Record<string, ReadonlyArray<OptionSpec>> = {
  server: serverOptionSpecs({ progname: "juba server" }),
  proxy: proxyOptionSpecs({ progname: "juba proxy" }),
  visor: visorOptionSpecs,
  ctl: ctlOptionSpecs,
  config: configOptionSpecs,
  conv: convOptionSpecs,
  dump: dumpOptionSpecs,
}

const duplicates = (names: ReadonlyArray<string>): Array<string> => names.filter((n, i) => names.indexOf(n) !== i)

describe("option tables", () => {
  for (const [name, table] of Object.entries(tables)) {
    test(`the ${name} table has no two options on one letter or one long name, help included`, () => {
      const all = [...table, helpOption]
      expect(duplicates(all.flatMap((s) => (s.short === undefined ? [] : [s.short])))).toEqual([])
      expect(duplicates(all.flatMap((s) => [s.long, ...(s.aliases ?? [])].map((l) => l.replaceAll("_", "-"))))).toEqual([])
      for (const spec of all) if (spec.short !== undefined) expect(spec.short.length).toBe(1)
    })
  }

  test("Jubatus's letters are kept for the server's main options", () => {
    const server = tables.server
    const letter = (long: string) => server.find((s) => s.long === long)?.short
    expect([letter("rpc-port"), letter("zookeeper"), letter("name"), letter("configpath"), letter("config_test")]).toEqual([
      "p", "z", "n", "f", "T",
    ])
  })
})
