import { describe, expect, test } from "bun:test"
import {
  DEBIAN_JAR,
  findZooKeeper,
  type FileProbe,
  missingZooKeeperMessage
} from "../../src/cluster/findZooKeeper.ts"

/** A file system of exactly `files` (directories are implied by their paths). */
const fakeFs = (files: ReadonlyArray<string>): FileProbe => ({
  isFile: (p) => files.includes(p),
  isDirectory: (p) => files.some((f) => f.startsWith(`${p}/`)),
  list: (dir) => [...new Set(files.filter((f) => f.startsWith(`${dir}/`)).map((f) => f.slice(dir.length + 1).split("/")[0]))]
})

const java = "/usr/bin/java"
const env = { PATH: "/usr/local/bin:/usr/bin" }

describe("findZooKeeper", () => {
  test("an Apache 3.5+ release in ZOOKEEPER_HOME is run with its lib folder on the classpath", () => {
    const found = findZooKeeper({ ...env, ZOOKEEPER_HOME: "/opt/zk" }, fakeFs(["/opt/zk/lib/zookeeper-3.8.4.jar", "/opt/zk/lib/netty.jar", java, DEBIAN_JAR]))
    expect(found).toEqual({ source: 'ZOOKEEPER_HOME "/opt/zk"', classpath: ["/opt/zk/*", "/opt/zk/lib/*"], java })
  })

  test("a ZOOKEEPER_HOME without a zookeeper jar is reported instead of falling back to Debian's", () => {
    const found = findZooKeeper({ ...env, ZOOKEEPER_HOME: "/src/zookeeper" }, fakeFs(["/src/zookeeper/pom.xml", java, DEBIAN_JAR]))
    expect(found).toBe('cannot start ZooKeeper from ZOOKEEPER_HOME "/src/zookeeper": it holds no zookeeper jar: point it at an unpacked "-bin" release')
  })

  test("Debian's jar is used alone: its manifest names the dependencies", () => {
    expect(findZooKeeper(env, fakeFs([DEBIAN_JAR, java]))).toEqual({ source: DEBIAN_JAR, classpath: [DEBIAN_JAR], java })
  })

  test("Homebrew's keg is found on Apple silicon and on Intel Macs", () => {
    const arm = findZooKeeper(env, fakeFs(["/opt/homebrew/opt/zookeeper/libexec/lib/zookeeper-3.9.2.jar", java]))
    expect(arm).toMatchObject({ source: "/opt/homebrew/opt/zookeeper/libexec" })
    const intel = findZooKeeper(env, fakeFs(["/usr/local/opt/zookeeper/libexec/zookeeper-3.4.14.jar", java]))
    expect(intel).toMatchObject({ source: "/usr/local/opt/zookeeper/libexec", classpath: ["/usr/local/opt/zookeeper/libexec/*"] })
  })

  test("JAVA_HOME's java comes before the one on PATH", () => {
    const found = findZooKeeper({ ...env, JAVA_HOME: "/opt/jdk" }, fakeFs([DEBIAN_JAR, java, "/opt/jdk/bin/java"]))
    expect(found).toMatchObject({ java: "/opt/jdk/bin/java" })
  })

  test("with nothing installed the answer says how to install ZooKeeper or pass --zookeeper", () => {
    const found = findZooKeeper(env, fakeFs([java]))
    expect(found).toBe(missingZooKeeperMessage)
    expect(found).toContain("pass --zookeeper <host:port>")
    expect(found).toContain("apt-get install zookeeper")
    expect(found).toContain("brew install zookeeper")
  })

  test("a ZooKeeper without any java asks for a Java runtime", () => {
    const found = findZooKeeper(env, fakeFs([DEBIAN_JAR]))
    expect(found).toStartWith(`cannot start ZooKeeper from ${DEBIAN_JAR}: no java found in JAVA_HOME or PATH`)
  })
})
