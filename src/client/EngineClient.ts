// A typed client made from an engine's method table (what Jubatus's generated client classes are):
// each method encodes its arguments with their wire types (so `1` goes out as the double 1.0 a C++
// server expects), passes the cluster name first, and checks the result's type.
import type { MethodSignature } from "../engine/MethodTable.ts"
import { Invalid } from "../engine/WireType.ts"
import { ClientConnection } from "../rpc/ClientConnection.ts"
import { RpcError } from "../rpc/RpcError.ts"

type CamelCase<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S

type MethodsOf<Table extends ReadonlyArray<MethodSignature<any, any, any>>> = {
  readonly [M in Table[number] as CamelCase<M["name"]>]: M extends MethodSignature<infer A, infer R, any>
    ? (...args: A extends ReadonlyArray<unknown> ? A : never) => Promise<R>
    : never
}

export interface ClientOptions {
  readonly host?: string
  readonly port?: number
  /** The cluster name (proxies route by it; a standalone server ignores it). */
  readonly name?: string
  /** Deadline of each call in milliseconds (Jubatus clients default to 10 s). */
  readonly timeoutMs?: number
}

export interface ClientBase {
  readonly name: string
  /** Calls any method by name with raw arguments (after the cluster name). */
  readonly call: (method: string, args: ReadonlyArray<unknown>) => Promise<unknown>
  readonly close: () => void
}

export type EngineClient<Table extends ReadonlyArray<MethodSignature<any, any, any>>> = ClientBase & MethodsOf<Table>

const camel = (s: string): string => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())

export const makeEngineClient = <const Table extends ReadonlyArray<MethodSignature<any, any, any>>>(
  table: Table,
  options: ClientOptions = {}
): EngineClient<Table> => {
  const host = options.host ?? "127.0.0.1"
  const port = options.port ?? 9199
  const name = options.name ?? ""
  const timeoutMs = options.timeoutMs ?? 10_000
  let connection = new ClientConnection(host, port, timeoutMs)
  const live = () => {
    if (connection.closed) connection = new ClientConnection(host, port, timeoutMs)
    return connection
  }
  const client: Record<string, unknown> = {
    name,
    call: async (method: string, args: ReadonlyArray<unknown>) =>
      (await live().call(method, (w) => w.value([name, ...args]), timeoutMs)).result,
    close: () => connection.close()
  }
  for (const m of table) {
    client[camel(m.name)] = async (...args: Array<unknown>) => {
      const response = await live().call(
        m.name,
        (w) => {
          w.arrayHeader(m.args.length + (m.takesName ? 1 : 0))
          if (m.takesName) w.string(name)
          for (let i = 0; i < m.args.length; i++) m.args[i].write(w, args[i])
        },
        timeoutMs
      )
      const checked = m.result.check(response.result)
      if (checked === Invalid)
        throw new RpcError({ reason: "Protocol", message: `unexpected result type of ${m.name}: expected ${m.result.idl}`, sent: true })
      return checked
    }
  }
  return client as unknown as EngineClient<Table>
}
