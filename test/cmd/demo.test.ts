// `juba demo`, the README's first command, run from the compiled binary to the end.
import { describe, expect, test } from "bun:test"
import { runProgram } from "../support/juba.ts"

describe("juba demo", () => {
  test("learns the digits online and prints its accuracy", () => {
    const r = runProgram("juba", ["demo"], { timeoutMs: 60000 })
    expect(r.code).toBe(0)
    expect(r.stdout).toContain("digits.jsonl")
    const held = /held-out accuracy: (\d\.\d+) on (\d+) rows/.exec(r.stdout)
    expect(held).not.toBeNull()
    expect(Number(held![1])).toBeGreaterThan(0.85)
    expect(Number(held![2])).toBe(449)
    const running = [...r.stdout.matchAll(/accuracy so far (\d\.\d+)/g)].map((m) => Number(m[1]))
    expect(running.length).toBeGreaterThan(2)
    expect(running[running.length - 1]).toBeGreaterThan(running[0])
  })
})
