// The CHT ring arithmetic of Jubatus common/cht.cpp, checked against md5 digests from Python.
import { describe, expect, test } from "bun:test"
import { CHT_VNODES, chtPick, chtVnodeHashes, md5hex } from "../../src/coord/Cht.ts"

// md5 digests below were computed with Python's hashlib, not with the code under test.
const SERVER_9199 = [
  "21de592507121d86028905ea9414bc30",
  "2d58142e60a22f03df485be318f35669",
  "3b3d428d1a94006aefb67d6b4d15551c",
  "4d765df6d94187481bd4f1c579cef0d2",
  "500ba63921d307c14d192e22bee4c22b",
  "5ca0c7e7e1889877ae99207a28c4b521",
  "7632e50943d8e8eab395c1784716caf8",
  "a81ad3bf41424721aafbee270c9c780f"
]
const SERVER_9200 = [
  "0d0363fd5e730bd9974a4b87668a0d01",
  "227ab5a94938751a5de4ea10744ab6cd",
  "5e459dd6519456f825200b4bd6b3fd97",
  "7219d3fc1b324de969879e63355781bd",
  "941d37eac325dc9ad904948d2782b5c3",
  "b6cc8e429d6e84d3cb493f27cf00b501",
  "cbb3e1da341e16afcf2dcd9abad07004",
  "f395b8014b1e12c2f0dec5b59727214b"
]
const RING = [...SERVER_9199, ...SERVER_9200].sort()

describe("Cht", () => {
  test("md5hex gives 32 lowercase hex characters of the UTF-8 bytes", () => {
    expect(md5hex("")).toBe("d41d8cd98f00b204e9800998ecf8427e")
    expect(md5hex("127.0.0.1_9199")).toBe("500ba63921d307c14d192e22bee4c22b")
  })

  test("a server's vnodes hash ip_port, then ip_port_1 … ip_port_7", () => {
    const hashes = chtVnodeHashes("127.0.0.1", 9199)
    expect(hashes).toHaveLength(CHT_VNODES)
    expect(hashes[0]).toBe("500ba63921d307c14d192e22bee4c22b")
    expect(hashes[1]).toBe("3b3d428d1a94006aefb67d6b4d15551c")
    expect(hashes[7]).toBe("7632e50943d8e8eab395c1784716caf8")
    expect([...hashes].sort()).toEqual(SERVER_9199)
  })

  test("a key picks the first entry at or after its hash and the ones following", () => {
    // md5("c") = 4a8a08f0…, just below 4d765df6… of 127.0.0.1_9199.
    expect(chtPick(RING, "c", 4)).toEqual([
      "4d765df6d94187481bd4f1c579cef0d2",
      "500ba63921d307c14d192e22bee4c22b",
      "5ca0c7e7e1889877ae99207a28c4b521",
      "5e459dd6519456f825200b4bd6b3fd97"
    ])
  })

  test("a key past the last entry wraps to the start of the ring", () => {
    // md5("user42") = fd8689cb…, above every entry.
    expect(chtPick(RING, "user42", 2)).toEqual(["0d0363fd5e730bd9974a4b87668a0d01", "21de592507121d86028905ea9414bc30"])
  })

  test("asking for more entries than the ring holds repeats entries", () => {
    const one = ["500ba63921d307c14d192e22bee4c22b"]
    expect(chtPick(one, "c", 3)).toEqual([one[0], one[0], one[0]])
  })

  test("an empty ring picks nothing", () => {
    expect(chtPick([], "c", 2)).toEqual([])
  })
})
