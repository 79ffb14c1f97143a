// Prints benchmark figures as a small aligned text table, and formats rates and sizes for it.

/** Prints `title`, then the rows under `headers`, columns padded to their widest cell. */
export const printTable = (title: string, headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): void => {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)))
  const line = (cells: ReadonlyArray<string>) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ")
  console.log(`\n${title}`)
  console.log(line(headers))
  console.log(widths.map((w) => "-".repeat(w)).join("  "))
  for (const r of rows) console.log(line(r))
}

/** 1234567 → "1.23M", 45678 → "45.7k", 12 → "12". */
export const rate = (n: number): string =>
  !Number.isFinite(n) ? "-" : n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e4 ? `${(n / 1e3).toFixed(1)}k` : n >= 100 ? n.toFixed(0) : n.toFixed(1)

export const megabytes = (bytes: number): string => (bytes / 1e6).toFixed(1)

export const seconds = (s: number): string => (s >= 10 ? s.toFixed(1) : s >= 0.1 ? s.toFixed(2) : s.toFixed(3))

/** The value of `--name V` in argv, or `fallback`. */
export const argValue = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(name)
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback
}

/** `--conns 1,4` → [1, 4]. */
export const argList = (name: string, fallback: ReadonlyArray<number>): Array<number> => {
  const v = argValue(name, "")
  return v === "" ? [...fallback] : v.split(",").map(Number)
}
