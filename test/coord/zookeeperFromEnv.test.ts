// The `ZK` environment fallback of jubactl and jubaconfig.
import { describe, expect, test } from "bun:test"
import { zookeeperFromEnv } from "../../src/coord/zookeeperFromEnv.ts"

describe("zookeeperFromEnv", () => {
  test("takes the hosts from ZK", () => {
    expect(zookeeperFromEnv({ ZK: "zk1:2181,zk2:2181" })).toBe("zk1:2181,zk2:2181")
  })

  test("treats an unset or empty ZK as absent", () => {
    expect(zookeeperFromEnv({})).toBeUndefined()
    expect(zookeeperFromEnv({ ZK: "" })).toBeUndefined()
  })
})
