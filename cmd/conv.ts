// `juba conv` / `jubaconv`: shows what the converter makes of a datum (Jubatus cmd/jubaconv.cpp). Reads
// stdin; json → json pretty-prints, json → datum flattens, → fv prints one `<feature>: <value>` line
// per feature with the converter of a server config (-c).
import * as fs from "node:fs"
import { decodeConverterConfig } from "../src/fv/ConverterConfig.ts"
import { datumFromJson, datumToJson, jsonToDatum } from "../src/fv/jsonToDatum.ts"
import { makeConverter } from "../src/fv/makeConverter.ts"
import type { Command } from "./dispatch.ts"
import { settleParse } from "./exit.ts"
import { convNeedsConf, convNeedsConfMessage, convPairProblem, parseConvOptions } from "./options/convOptions.ts"

const problem = (message: string): number => {
  process.stderr.write(`${message}\n`)
  return 255
}

export const runConv = async (command: Command): Promise<number> => {
  const parsed = settleParse(parseConvOptions(command.args, command.progname), command.progname)
  if (typeof parsed === "number") return parsed
  const o = parsed
  const input = fs.readFileSync(0, "utf8")
  let json: unknown
  try {
    json = JSON.parse(input)
  } catch {
    return problem(o.inputFormat === "json" ? "invalid json format" : "invalid datum format")
  }
  const pair = convPairProblem(o)
  if (pair !== undefined) return problem(pair)
  if (o.inputFormat === "json" && o.outputFormat === "json") {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
    return 0
  }
  let datum
  try {
    datum = o.inputFormat === "json" ? jsonToDatum(json) : datumFromJson(json)
  } catch (e) {
    return problem(e instanceof Error ? e.message : String(e))
  }
  if (o.outputFormat === "datum") {
    process.stdout.write(`${JSON.stringify(datumToJson(datum), null, 2)}\n`)
    return 0
  }
  if (convNeedsConf(o)) return problem(convNeedsConfMessage)
  try {
    const config = JSON.parse(fs.readFileSync(o.conf, "utf8")) as { converter?: unknown }
    const converter = makeConverter(decodeConverterConfig(config.converter ?? {}))
    const fv = converter.convert(datum)
    for (let i = 0; i < fv.keys.length; i++) process.stdout.write(`${fv.keys[i]}: ${fv.values[i]}\n`)
    return 0
  } catch (e) {
    return problem(e instanceof Error ? e.message : String(e))
  }
}
