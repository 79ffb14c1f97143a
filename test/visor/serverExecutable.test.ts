import { describe, expect, test } from "bun:test"
import { findOnPath, isJubaServerName, resolveServer } from "../../src/visor/serverExecutable.ts"

const launcher = (program: string) => ({ file: "/opt/juba", args: [program] })
const present = new Set(["/usr/local/bin/myserver", "/usr/bin/myserver", "/srv/custom"])
const isExecutable = (file: string) => present.has(file)

describe("serverExecutable", () => {
  test("every Jubatus engine server name is juba's own, proxies and tools are not", () => {
    expect(isJubaServerName("jubaclassifier")).toBe(true)
    expect(isJubaServerName("jubanearest_neighbor")).toBe(true)
    expect(isJubaServerName("jubaclassifier_proxy")).toBe(false)
    expect(isJubaServerName("jubavisor")).toBe(false)
  })

  test("a juba server name runs this binary whatever PATH says", () => {
    expect(resolveServer("jubaclassifier", launcher, "", isExecutable)).toEqual({ file: "/opt/juba", args: ["jubaclassifier"] })
  })

  test("another name is the first executable of that name on PATH", () => {
    expect(findOnPath("myserver", "/nowhere:/usr/local/bin:/usr/bin", isExecutable)).toBe("/usr/local/bin/myserver")
    expect(resolveServer("myserver", launcher, "/usr/bin", isExecutable)).toEqual({ file: "/usr/bin/myserver", args: [] })
  })

  test("a name with a slash is a path, and a name found nowhere resolves to nothing", () => {
    expect(resolveServer("/srv/custom", launcher, "", isExecutable)).toEqual({ file: "/srv/custom", args: [] })
    expect(resolveServer("missing", launcher, "/usr/bin", isExecutable)).toBeUndefined()
  })
})
