// Parses a config file's JSON and, when it is broken, says where as Jubatus does:
// `syntax error in configuration: <source>:<line>:<pos> <what>`. JSON.parse gives no position on
// every runtime, so a small scanner finds the first offending character.

export class ConfigSyntaxError extends Error {
  readonly _tag = "ConfigSyntaxError"
}

export const parseConfigJson = (text: string, source: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    const { offset, what } = locateJsonError(text)
    let line = 1
    let lineStart = 0
    for (let i = 0; i < offset && i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        line++
        lineStart = i + 1
      }
    }
    throw new ConfigSyntaxError(`syntax error in configuration: ${source}:${line}:${offset - lineStart + 1} ${what}`)
  }
}

/** The offset of the first syntax error and what was expected there. */
export const locateJsonError = (text: string): { offset: number; what: string } => {
  let i = 0
  const fail = (what: string): never => {
    throw { offset: i, what }
  }
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++
  }
  const value = (): void => {
    ws()
    const c = text[i]
    if (c === "{") {
      i++
      ws()
      if (text[i] === "}") return void i++
      for (;;) {
        ws()
        if (text[i] !== '"') fail("expected a string key")
        string()
        ws()
        if (text[i] !== ":") fail("expected ':'")
        i++
        value()
        ws()
        if (text[i] === ",") {
          i++
          continue
        }
        if (text[i] === "}") return void i++
        fail("expected ',' or '}'")
      }
    }
    if (c === "[") {
      i++
      ws()
      if (text[i] === "]") return void i++
      for (;;) {
        value()
        ws()
        if (text[i] === ",") {
          i++
          continue
        }
        if (text[i] === "]") return void i++
        fail("expected ',' or ']'")
      }
    }
    if (c === '"') return string()
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64))
    if (m !== null && m[0] !== "" && m[0] !== "-") return void (i += m[0].length)
    for (const word of ["true", "false", "null"]) if (text.startsWith(word, i)) return void (i += word.length)
    fail(i >= text.length ? "unexpected end of input" : `unexpected character '${c}'`)
  }
  const string = () => {
    i++
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") i++
      else if (text.charCodeAt(i) < 0x20) fail("control character in string")
      i++
    }
    if (i >= text.length) fail("unterminated string")
    i++
  }
  try {
    value()
    ws()
    if (i < text.length) fail("unexpected trailing characters")
    return { offset: text.length, what: "invalid JSON" }
  } catch (e) {
    if (typeof e === "object" && e !== null && "offset" in e) return e as { offset: number; what: string }
    throw e
  }
}
