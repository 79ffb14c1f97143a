// The `ZK` environment variable, which only jubactl and jubaconfig fall back to when `-z` is absent
// (Jubatus cmd/jubactl.cpp, cmd/jubaconfig.cpp); servers, proxies and jubavisor ignore it.

/** The hosts from `ZK`, or undefined when it is unset or empty. */
export const zookeeperFromEnv = (env: Record<string, string | undefined> = process.env): string | undefined => {
  const hosts = env.ZK
  return hosts === undefined || hosts === "" ? undefined : hosts
}
