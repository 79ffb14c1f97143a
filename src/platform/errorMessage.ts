// The text of anything thrown or failed with: Error instances, tagged errors (which carry a message
// without always being Errors), and the rest.
export const messageOf = (e: unknown): string =>
  e instanceof Error
    ? e.message
    : typeof e === "object" && e !== null && "message" in e
      ? String((e as { message: unknown }).message)
      : String(e)
