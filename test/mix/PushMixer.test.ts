import { describe, expect, test } from "bun:test"
import { choosePeers } from "../../src/mix/PushMixer.ts"

const member = (port: number) => ({ id: `127.0.0.1_${port}`, ip: "127.0.0.1", port })
const ports = (ms: ReadonlyArray<{ port: number }>) => ms.map((m) => m.port)
const eight = [9001, 9002, 9003, 9004, 9005, 9006, 9007, 9008].map(member)

describe("push mixer peer choice", () => {
  test("random_mixer picks one member other than itself", () => {
    const seen = new Set<number>()
    let r = 0
    for (let i = 0; i < 40; i++) {
      const peers = choosePeers("random_mixer", eight, "127.0.0.1_9003", () => (r = (r + 0.137) % 1))
      expect(peers.length).toBe(1)
      expect(peers[0].port).not.toBe(9003)
      seen.add(peers[0].port)
    }
    expect(seen.size).toBe(7)
  })

  test("broadcast_mixer talks to every other member", () => {
    expect(ports(choosePeers("broadcast_mixer", eight, "127.0.0.1_9001"))).toEqual([9002, 9003, 9004, 9005, 9006, 9007, 9008])
  })

  test("skip_mixer takes the members N/2, N/4, … places further round the sorted list", () => {
    // N = 8 from index 6: strides 4, 2, 1 → indexes 2, 0, 7.
    expect(ports(choosePeers("skip_mixer", eight, "127.0.0.1_9007"))).toEqual([9003, 9001, 9008])
    expect(ports(choosePeers("skip_mixer", eight.slice(0, 3), "127.0.0.1_9001"))).toEqual([9002])
  })

  test("a member alone has no peers", () => {
    for (const s of ["random_mixer", "broadcast_mixer", "skip_mixer"] as const) expect(choosePeers(s, [member(9001)], "127.0.0.1_9001")).toEqual([])
  })
})
