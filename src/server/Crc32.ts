// CRC-32 of model files (Jubatus common/crc32.cpp): the reflected zlib/PNG CRC, polynomial 0xEDB88320,
// initial value and final xor 0xFFFFFFFF. Jubatus checksums four separate pieces of a model file, so the
// checksum is incremental in zlib's style: the value passed in and out is always a finished CRC.

const TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256)
  for (let i = 0; i < 256; i++) {
    let c = i
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1
    t[i] = c
  }
  return t
})()

/** Extends `crc` (the CRC of everything before `bytes`, 0 for nothing) by `bytes`; an unsigned 32-bit value. */
export const crc32Update = (crc: number, bytes: Uint8Array): number => {
  let c = ~crc
  for (let i = 0; i < bytes.length; i++) c = (c >>> 8) ^ TABLE[(c ^ bytes[i]) & 0xff]
  return ~c >>> 0
}

/** The CRC-32 of `bytes` alone. */
export const crc32 = (bytes: Uint8Array): number => crc32Update(0, bytes)
