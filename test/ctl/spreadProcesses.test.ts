import { describe, expect, test } from "bun:test"
import { spreadProcesses } from "../../src/ctl/spreadProcesses.ts"

describe("spreadProcesses", () => {
  test("3 processes over 2 visors: the first visor runs 2, the second 1", () => {
    expect(spreadProcesses(3, 2)).toEqual([2, 1])
  })

  test("--num 0 means one process on every visor", () => {
    expect(spreadProcesses(0, 3)).toEqual([1, 1, 1])
  })

  test("the remainder goes to the first visors, one each", () => {
    expect(spreadProcesses(8, 3)).toEqual([3, 3, 2])
    expect(spreadProcesses(1, 3)).toEqual([1, 0, 0])
  })

  test("no visor, no share", () => {
    expect(spreadProcesses(4, 0)).toEqual([])
  })
})
