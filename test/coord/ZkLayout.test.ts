// Znode paths and `<ip>_<port>` member names of Jubatus common/membership.cpp.
import { describe, expect, test } from "bun:test"
import { actorPath, configLockPath, configPath, locString, parseMember, proxiesPath } from "../../src/coord/ZkLayout.ts"

describe("ZkLayout", () => {
  test("member names are ip_port and split back at the first underscore", () => {
    expect(locString("10.0.0.1", 9199)).toBe("10.0.0.1_9199")
    expect(locString("10.0.0.1", 9199, 3)).toBe("10.0.0.1_9199_3")
    expect(parseMember("10.0.0.1_9199")).toEqual({ id: "10.0.0.1_9199", ip: "10.0.0.1", port: 9199 })
  })

  test("paths follow the /jubatus tree of the spec", () => {
    expect(actorPath("classifier", "cls1")).toBe("/jubatus/actors/classifier/cls1")
    expect(configLockPath("classifier", "cls1")).toBe("/jubatus/actors/classifier/cls1/config_lock")
    expect(configPath("classifier", "cls1")).toBe("/jubatus/config/classifier/cls1")
    expect(proxiesPath("classifier")).toBe("/jubatus/jubaproxies/classifier")
  })
})
