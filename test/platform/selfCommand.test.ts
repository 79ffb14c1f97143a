import { describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import { isCompiledBinary, selfCommand } from "../../src/platform/selfCommand.ts"

describe("selfCommand", () => {
  test("recognises a compiled binary by Bun's virtual module paths on Unix and Windows", () => {
    expect(isCompiledBinary("file:///$bunfs/root/juba")).toBe(true)
    expect(isCompiledBinary("file:///B:/~BUN/root/juba.exe")).toBe(true)
    expect(isCompiledBinary("file:///work/main/src/platform/selfCommand.ts")).toBe(false)
  })

  test("run from source, a child is the same runtime given cmd/main.ts", () => {
    const self = selfCommand()
    expect(self.file).toBe(process.execPath)
    expect(self.argv0).toBeUndefined()
    const script = self.prefix[self.prefix.length - 1]
    expect(script.endsWith("/cmd/main.ts")).toBe(true)
    expect(fs.existsSync(script)).toBe(true)
  })
})
