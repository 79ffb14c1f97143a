import { describe, expect, test } from "bun:test"
import { clientLine, endpointTable } from "../../src/cluster/endpointTable.ts"

describe("endpointTable", () => {
  test("pads each column to its widest cell and shows - for a process not started here", () => {
    const table = endpointTable([
      { role: "zookeeper", host: "10.0.0.5", port: 2181, pid: undefined, note: "given with --zookeeper" },
      { role: "proxy", host: "127.0.0.1", port: 9198, pid: 41 },
      { role: "server 1", host: "127.0.0.1", port: 9180, pid: 40321 }
    ])
    expect(table.split("\n")).toEqual([
      "  ROLE       ADDRESS         PID",
      "  zookeeper  10.0.0.5:2181   -      given with --zookeeper",
      "  proxy      127.0.0.1:9198  41",
      "  server 1   127.0.0.1:9180  40321"
    ])
  })
})

describe("clientLine", () => {
  test("names Jubatus's Python client class and juba's typed client for the proxy", () => {
    expect(clientLine("classifier", "tutorial", "127.0.0.1", 9198)).toBe(
      'client: jubatus.classifier.client.Classifier("127.0.0.1", 9198, "tutorial")  or  ClassifierClient({ port: 9198, name: "tutorial" })'
    )
  })

  test("spells multi-word engine types in Pascal case and gives a host that is not loopback", () => {
    expect(clientLine("nearest_neighbor", "nn", "10.0.0.2", 9000)).toBe(
      'client: jubatus.nearest_neighbor.client.NearestNeighbor("10.0.0.2", 9000, "nn")  or  NearestNeighborClient({ host: "10.0.0.2", port: 9000, name: "nn" })'
    )
  })
})
