// The address a server advertises in ZooKeeper and in get_status keys (Jubatus's
// get_default_v4_address and the --listen_if lookup): the first non-loopback IPv4 address, or that of
// the named interface, or the bind address when one is given.
import * as os from "node:os"

export const defaultIPv4 = (): string => {
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === "IPv4" && !a.internal) return a.address
  }
  return "127.0.0.1"
}

export const interfaceIPv4 = (name: string): string | undefined =>
  os.networkInterfaces()[name]?.find((a) => a.family === "IPv4")?.address

/** The advertised IP: `--listen_addr` if set, else `--listen_if`'s address, else the default. */
export const advertisedIp = (listenAddr: string, listenIf: string): string => {
  if (listenAddr !== "" && listenAddr !== "0.0.0.0") return listenAddr
  if (listenIf !== "") {
    const ip = interfaceIPv4(listenIf)
    if (ip === undefined) throw new Error(`cannot find an IPv4 address of interface "${listenIf}"`)
    return ip
  }
  return defaultIPv4()
}

/** The address to bind: the given one, the interface's, or every interface. */
export const bindAddress = (listenAddr: string, listenIf: string): string =>
  listenAddr !== "" ? listenAddr : listenIf !== "" ? (interfaceIPv4(listenIf) ?? "0.0.0.0") : "0.0.0.0"
