// The lines jubactl prints (jubactl.cpp `do_request`, `send2server`, `show`): a request line completed
// by `ok.` or `failed.` once the answer is in, and the status sections with their blue headers.

/** Printed before the call, so a hanging member shows which one it is. */
export const requestPrefix = (cmd: string, target: string, member: string): string => `sending ${cmd} / ${target} to ${member}...`

export const requestOutcome = (ok: boolean): string => (ok ? "ok.\n" : "failed.\n")

const BLUE = "\u001b[34m"
const RESET = "\u001b[0m"

/** `active <what> members:` then one member a line; `color` false drops the escapes (NO_COLOR). */
export const statusSection = (what: string, members: ReadonlyArray<string>, color = true): string => {
  const header = `active ${what} members:`
  const lines = [color ? `${BLUE}${header}${RESET}` : header, ...members]
  return `${lines.join("\n")}\n`
}
