import { describe, expect, test } from "bun:test"
import { PortPool } from "../../src/visor/PortPool.ts"

describe("PortPool", () => {
  test("hands out base+1 … base+size in order, then nothing", () => {
    const pool = new PortPool(9198, 3)
    expect([pool.take(), pool.take(), pool.take(), pool.take()]).toEqual([9199, 9200, 9201, undefined])
  })

  test("a returned port goes to the back of the queue", () => {
    const pool = new PortPool(100, 3)
    const first = pool.take() as number
    pool.give(first)
    expect([pool.take(), pool.take(), pool.take()]).toEqual([102, 103, 101])
  })

  test("a port returned twice, or never taken, is counted once", () => {
    const pool = new PortPool(100, 2)
    const p = pool.take() as number
    pool.give(p)
    pool.give(p)
    pool.give(555)
    expect(pool.available).toBe(2)
  })
})
