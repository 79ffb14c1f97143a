// Builds the juba binary: `bun scripts/build.ts` → dist/juba plus dist/bin/ with the Jubatus program
// names as symlinks; `bun scripts/build.ts --all` → standalone executables for every platform
// (dist/juba-<platform>[.exe]; there the verbs replace the symlinks).
import { $ } from "bun"
import * as fs from "node:fs"
import * as path from "node:path"
import pkg from "../package.json" with { type: "json" }
import { jubatusEngineTypes } from "../src/engine/registry.ts"

const root = path.resolve(import.meta.dir, "..")
const dist = path.join(root, "dist")
const define = `JUBA_VERSION=${JSON.stringify(pkg.version)}`

const targets: ReadonlyArray<readonly [string, string]> = [
  ["bun-linux-x64", "juba-linux-x64"],
  ["bun-linux-arm64", "juba-linux-arm64"],
  ["bun-linux-x64-musl", "juba-linux-x64-musl"],
  ["bun-darwin-arm64", "juba-darwin-arm64"],
  ["bun-darwin-x64", "juba-darwin-x64"],
  ["bun-windows-x64", "juba-windows-x64.exe"]
]

const compile = async (outfile: string, target?: string) => {
  const args = ["build", "--compile", "--minify", "--bytecode", "--format=esm", "--define", define, "cmd/main.ts", "--outfile", outfile]
  if (target !== undefined) args.push(`--target=${target}`)
  await $`${process.execPath} ${args}`.cwd(root)
}

fs.mkdirSync(dist, { recursive: true })
if (process.argv.includes("--all")) {
  for (const [target, name] of targets) {
    await compile(path.join(dist, name), target)
    console.log(`built dist/${name}`)
  }
} else {
  await compile(path.join(dist, "juba"))
  const bin = path.join(dist, "bin")
  fs.rmSync(bin, { recursive: true, force: true })
  fs.mkdirSync(bin, { recursive: true })
  const names = [
    "juba",
    ...jubatusEngineTypes.flatMap((t) => [`juba${t}`, `juba${t}_proxy`]),
    "jubavisor",
    "jubactl",
    "jubaconfig",
    "jubadump",
    "jubaconv"
  ]
  for (const name of names) fs.symlinkSync("../juba", path.join(bin, name))
  console.log(`built dist/juba ${pkg.version} and ${names.length} program names in dist/bin/`)
}
