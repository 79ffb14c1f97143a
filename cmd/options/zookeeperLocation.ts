// Where jubactl and jubaconfig find ZooKeeper: `-z`, else the `ZK` environment variable
// (jubatus/server/cmd/jubactl.cpp, jubaconfig.cpp).

export type Environment = Readonly<Record<string, string | undefined>>

export const missingZookeeperMessage = "can't get ZK location: set 'ZK' environment or specify '-z <somezkaddrs>'"

/** `undefined` when neither is set; an empty `ZK` counts as unset, since it names no server. */
export const zookeeperLocation = (option: string, env: Environment): string | undefined => {
  if (option !== "") return option
  const fromEnv = env.ZK
  return fromEnv === undefined || fromEnv === "" ? undefined : fromEnv
}
