import { describe, expect, test } from "bun:test"
import { selfLauncherOf } from "../../src/visor/selfLauncher.ts"

const links: Record<string, string> = {
  "/opt/juba/bin/juba": "/opt/juba/bin/juba",
  "/opt/juba/bin/jubaclassifier": "/opt/juba/bin/juba",
  "/opt/juba/bin/jubaregression": "/usr/lib/jubatus/jubaregression"
}
const realpath = (p: string) => links[p]

describe("selfLauncherOf", () => {
  test("a compiled binary runs a sibling symlink that points at itself", () => {
    const launch = selfLauncherOf({ execPath: "/opt/juba/bin/juba", entry: "/$bunfs/root/juba", realpath })
    expect(launch("jubaclassifier")).toEqual({ file: "/opt/juba/bin/jubaclassifier", args: [] })
  })

  test("a compiled binary passes the program name as first argument when no sibling is its own", () => {
    const launch = selfLauncherOf({ execPath: "/opt/juba/bin/juba", entry: "/$bunfs/root/juba", realpath })
    expect(launch("jubaregression")).toEqual({ file: "/opt/juba/bin/juba", args: ["jubaregression"] })
    expect(launch("jubavisor")).toEqual({ file: "/opt/juba/bin/juba", args: ["jubavisor"] })
  })

  test("run from source, the runtime gets the entry script first (deno also `run -A`)", () => {
    expect(selfLauncherOf({ execPath: "/usr/bin/bun", entry: "/src/cmd/main.ts", realpath })("jubaclassifier")).toEqual({
      file: "/usr/bin/bun",
      args: ["/src/cmd/main.ts", "jubaclassifier"]
    })
    expect(selfLauncherOf({ execPath: "/usr/bin/deno", entry: "/src/cmd/main.ts", realpath })("jubavisor")).toEqual({
      file: "/usr/bin/deno",
      args: ["run", "-A", "/src/cmd/main.ts", "jubavisor"]
    })
  })
})
