import { describe, expect, test } from "bun:test"
import { configsEqual } from "../../src/server/configsEqual.ts"

describe("configsEqual", () => {
  test("ignores whitespace and line breaks", () => {
    expect(configsEqual('{"method":"PA","parameter":{}}', '{\n  "method" : "PA",\n  "parameter" : { }\n}\n')).toBe(true)
  })

  test("ignores the order of keys, also in nested objects", () => {
    expect(configsEqual('{"a":1,"b":{"x":true,"y":null}}', '{"b":{"y":null,"x":true},"a":1}')).toBe(true)
  })

  test("compares numbers by value", () => {
    expect(configsEqual('{"c":1}', '{"c":1.0}')).toBe(true)
    expect(configsEqual('{"c":100}', '{"c":1e2}')).toBe(true)
    expect(configsEqual('{"c":1}', '{"c":1.5}')).toBe(false)
  })

  test("keeps the order of array elements significant", () => {
    expect(configsEqual('{"r":[1,2]}', '{"r":[1,2]}')).toBe(true)
    expect(configsEqual('{"r":[1,2]}', '{"r":[2,1]}')).toBe(false)
    expect(configsEqual('{"r":[1,2]}', '{"r":[1,2,2]}')).toBe(false)
  })

  test("tells apart a missing key, a null value and an extra key", () => {
    expect(configsEqual('{"a":null}', "{}")).toBe(false)
    expect(configsEqual("{}", '{"a":null}')).toBe(false)
    expect(configsEqual('{"a":1}', '{"a":1,"b":1}')).toBe(false)
    expect(configsEqual('{"a":1,"c":1}', '{"a":1,"b":1}')).toBe(false)
  })

  test("does not mix types that print alike", () => {
    expect(configsEqual('{"a":"1"}', '{"a":1}')).toBe(false)
    expect(configsEqual('{"a":[]}', '{"a":{}}')).toBe(false)
    expect(configsEqual('{"a":true}', '{"a":1}')).toBe(false)
    expect(configsEqual('{"a":{"0":1}}', '{"a":[1]}')).toBe(false)
  })

  test("treats a text that is not JSON as equal only to the identical text", () => {
    expect(configsEqual("{oops", "{oops")).toBe(true)
    expect(configsEqual("{oops", "{ oops")).toBe(false)
    expect(configsEqual("{oops", "{}")).toBe(false)
  })
})
