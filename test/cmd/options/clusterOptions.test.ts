import { describe, expect, test } from "bun:test"
import { parseClusterOptions } from "../../../cmd/options/clusterOptions.ts"

const progname = "juba cluster up"

describe("parseClusterOptions", () => {
  test("fills in the tutorial defaults: 3 servers from 9180, the proxy on 9198, bound to loopback", () => {
    const outcome = parseClusterOptions(["--type", "classifier", "-f", "c.json"], progname)
    expect(outcome).toEqual({
      _tag: "Options",
      values: {
        type: "classifier",
        name: "tutorial",
        servers: 3,
        configpath: "c.json",
        zookeeper: "",
        proxyPort: 9198,
        basePort: 9180,
        listenAddr: "127.0.0.1",
        datadir: ""
      }
    })
  })

  test("takes jubactl's -N and jubaconfig's --file spellings", () => {
    const outcome = parseClusterOptions(["-t", "classifier", "--file=c.json", "-N", "5", "-n", "x", "-z", "zk:2181", "-p", "0", "-P", "0"], progname)
    expect(outcome).toMatchObject({ _tag: "Options", values: { servers: 5, name: "x", configpath: "c.json", zookeeper: "zk:2181", proxyPort: 0, basePort: 0 } })
  })

  test("refuses a proxy port inside the servers' range", () => {
    const outcome = parseClusterOptions(["-t", "classifier", "-f", "c.json", "-P", "9000", "-N", "4", "-p", "9003"], progname)
    expect(outcome).toMatchObject({ _tag: "Invalid", message: "can't use proxy port 9003: the servers take 9000-9003" })
  })

  test("refuses servers that would run past port 65535", () => {
    const outcome = parseClusterOptions(["-t", "classifier", "-f", "c.json", "-P", "65534", "-N", "3"], progname)
    expect(outcome).toMatchObject({ _tag: "Invalid", message: "can't fit 3 servers from port 65534: the last would be 65536" })
  })

  test("needs --type and a config file", () => {
    expect(parseClusterOptions(["-f", "c.json"], progname)).toMatchObject({ _tag: "Invalid", message: "need option: --type" })
    expect(parseClusterOptions(["-t", "classifier"], progname)).toMatchObject({ _tag: "Invalid", message: "need option: --configpath" })
  })
})
