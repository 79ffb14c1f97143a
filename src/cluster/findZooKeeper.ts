// Where `juba cluster up` finds a ZooKeeper to start when no `--zookeeper` is given: ZOOKEEPER_HOME (an
// unpacked Apache release), Debian's package (/usr/share/java/zookeeper.jar, whose manifest names its
// dependencies), Homebrew's keg; and a Java to run it (JAVA_HOME, else PATH). The file system is passed
// in, so the search order can be tested without installing anything.
import * as fs from "node:fs"
import * as path from "node:path"

export interface ZooKeeperInstall {
  /** Where it was found, as the user would name it. */
  readonly source: string
  /** The `-cp` entries (`dir/*` wildcards are expanded by java itself). */
  readonly classpath: ReadonlyArray<string>
  readonly java: string
}

export interface FileProbe {
  readonly isFile: (p: string) => boolean
  readonly isDirectory: (p: string) => boolean
  readonly list: (dir: string) => ReadonlyArray<string>
}

export type Environment = Readonly<Record<string, string | undefined>>

export const DEBIAN_JAR = "/usr/share/java/zookeeper.jar"
export const HOMEBREW_HOMES: ReadonlyArray<string> = ["/opt/homebrew/opt/zookeeper/libexec", "/usr/local/opt/zookeeper/libexec"]

export const nodeFileProbe: FileProbe = {
  isFile: (p) => {
    try {
      return fs.statSync(p).isFile()
    } catch {
      return false
    }
  },
  isDirectory: (p) => {
    try {
      return fs.statSync(p).isDirectory()
    } catch {
      return false
    }
  },
  list: (dir) => {
    try {
      return fs.readdirSync(dir)
    } catch {
      return []
    }
  }
}

export const missingZooKeeperMessage = [
  "cannot find ZooKeeper: pass --zookeeper <host:port> of a running one, or install one:",
  "  Debian/Ubuntu: apt-get install zookeeper",
  "  macOS:         brew install zookeeper",
  "  elsewhere:     unpack an Apache ZooKeeper \"-bin\" release and set ZOOKEEPER_HOME to its directory"
].join("\n")

export const missingJavaMessage = (source: string): string =>
  [
    `cannot start ZooKeeper from ${source}: no java found in JAVA_HOME or PATH: install a Java runtime:`,
    "  Debian/Ubuntu: apt-get install default-jre-headless",
    "  macOS:         brew install openjdk"
  ].join("\n")

const isZooKeeperJar = (name: string): boolean => /^zookeeper(-\d[\w.-]*)?\.jar$/.test(name)

/** An Apache release layout: `zookeeper-X.jar` at the top (3.4) or in `lib/` (3.5 and later). */
const releaseClasspath = (home: string, probe: FileProbe): ReadonlyArray<string> | undefined => {
  const lib = path.join(home, "lib")
  const hasJar = probe.list(home).some(isZooKeeperJar) || probe.list(lib).some(isZooKeeperJar)
  if (!hasJar) return undefined
  return probe.isDirectory(lib) ? [path.join(home, "*"), path.join(lib, "*")] : [path.join(home, "*")]
}

const findJava = (env: Environment, probe: FileProbe): string | undefined => {
  const exe = process.platform === "win32" ? "java.exe" : "java"
  if (env.JAVA_HOME !== undefined && env.JAVA_HOME !== "") {
    const candidate = path.join(env.JAVA_HOME, "bin", exe)
    if (probe.isFile(candidate)) return candidate
  }
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (dir === "") continue
    const candidate = path.join(dir, exe)
    if (probe.isFile(candidate)) return candidate
  }
  return undefined
}

/** The installation to start, or the message telling the user what to install. */
export const findZooKeeper = (env: Environment, probe: FileProbe = nodeFileProbe): ZooKeeperInstall | string => {
  let found: { source: string; classpath: ReadonlyArray<string> } | undefined
  const home = env.ZOOKEEPER_HOME
  if (home !== undefined && home !== "") {
    const classpath = releaseClasspath(home, probe)
    // A set but unusable ZOOKEEPER_HOME is a mistake to report, not a cue to look elsewhere.
    if (classpath === undefined) {
      return `cannot start ZooKeeper from ZOOKEEPER_HOME "${home}": it holds no zookeeper jar: point it at an unpacked "-bin" release`
    }
    found = { source: `ZOOKEEPER_HOME "${home}"`, classpath }
  } else if (probe.isFile(DEBIAN_JAR)) {
    found = { source: DEBIAN_JAR, classpath: [DEBIAN_JAR] }
  } else {
    for (const brew of HOMEBREW_HOMES) {
      const classpath = releaseClasspath(brew, probe)
      if (classpath !== undefined) {
        found = { source: brew, classpath }
        break
      }
    }
  }
  if (found === undefined) return missingZooKeeperMessage
  const java = findJava(env, probe)
  if (java === undefined) return missingJavaMessage(found.source)
  return { ...found, java }
}
