// What `juba cluster up` prints once the cluster serves: a table of its processes (role, address, pid)
// and the line a client program needs, for Jubatus's Python client and for juba's typed client.

export interface Endpoint {
  /** `zookeeper`, `proxy`, `server 1`, … */
  readonly role: string
  readonly host: string
  readonly port: number
  /** Undefined for a process this command did not start (a `--zookeeper` given to it). */
  readonly pid: number | undefined
  readonly note?: string
}

const pascalCase = (type: string): string =>
  type
    .split("_")
    .map((w) => (w === "" ? "" : w[0].toUpperCase() + w.slice(1)))
    .join("")

/** `jubatus.classifier.client.Classifier(…)  or  ClassifierClient({ … })` for a proxy at host:port. */
export const clientLine = (type: string, name: string, host: string, port: number): string => {
  const cls = pascalCase(type)
  const hostField = host === "127.0.0.1" ? "" : `host: ${JSON.stringify(host)}, `
  return `client: jubatus.${type}.client.${cls}(${JSON.stringify(host)}, ${port}, ${JSON.stringify(name)})` +
    `  or  ${cls}Client({ ${hostField}port: ${port}, name: ${JSON.stringify(name)} })`
}

/** Columns padded to their widest cell, two spaces apart, indented by two. */
export const endpointTable = (endpoints: ReadonlyArray<Endpoint>): string => {
  const rows = [
    ["ROLE", "ADDRESS", "PID", ""],
    ...endpoints.map((e) => [e.role, `${e.host}:${e.port}`, e.pid === undefined ? "-" : String(e.pid), e.note ?? ""])
  ]
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length)))
  return rows
    .map((r) => `  ${r.slice(0, 3).map((cell, c) => cell.padEnd(widths[c])).join("  ")}${r[3] === "" ? "" : `  ${r[3]}`}`.trimEnd())
    .join("\n")
}
