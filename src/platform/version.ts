// juba's version, baked in at build time with `bun build --define JUBA_VERSION=...`; from package.json
// when running from source.
import pkg from "../../package.json" with { type: "json" }

declare const JUBA_VERSION: string | undefined

export const VERSION: string = typeof JUBA_VERSION === "string" ? JUBA_VERSION : pkg.version
