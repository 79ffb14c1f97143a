// `juba dump -i FILE` / `jubadump`: prints a saved model file as JSON (the separate jubadump tool of
// Jubatus). The engine named in the file turns its payload into jubadump's shape.
import * as fs from "node:fs"
import { engineOf } from "../src/engine/registry.ts"
import { decodeModelFile } from "../src/server/ModelFile.ts"
import type { Command } from "./dispatch.ts"
import { settleParse } from "./exit.ts"
import { parseDumpOptions } from "./options/dumpOptions.ts"

/** JSON.stringify with bigint and byte arrays spelled out. */
const toJson = (value: unknown): string =>
  JSON.stringify(
    value,
    (_, v) => (typeof v === "bigint" ? Number(v) : v instanceof Uint8Array ? Array.from(v) : v),
    2
  )

export const runDump = async (command: Command): Promise<number> => {
  const parsed = settleParse(parseDumpOptions(command.args, command.progname), command.progname)
  if (typeof parsed === "number") return parsed
  const file = parsed.input
  try {
    const model = decodeModelFile(fs.readFileSync(file))
    const engine = engineOf(model.type)
    if (engine?.dump === undefined) throw new Error(`type "${model.type}" cannot be dumped`)
    process.stdout.write(`${toJson(engine.dump(model.driverPayload))}\n`)
    return 0
  } catch (e) {
    process.stderr.write(`Error: failed to dump "${file}": ${e instanceof Error ? e.message : String(e)}\n`)
    return 255
  }
}
