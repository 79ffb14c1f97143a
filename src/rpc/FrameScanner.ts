// Finds where one MessagePack value ends without decoding it, resumably across TCP chunks. The server
// decodes a frame directly from a chunk when it is whole; when a frame is split, the scanner follows it
// as bytes arrive so a large request costs one pass, not one re-decode per chunk, and the size cap is
// enforced before anything is built.
import { MsgpackFormatError } from "./MsgpackReader.ts"

const MAX_DEPTH = 512

export class FrameScanner {
  /** Items still to read at the current nesting level, and at each enclosing one. */
  private remaining = 1
  private readonly stack: Array<number> = []
  /** Offset reached, relative to the frame start. */
  private offset = 0

  reset(): void {
    this.remaining = 1
    this.stack.length = 0
    this.offset = 0
  }

  /**
   * Continues scanning the frame that starts at `buf[frameStart]` with `buf[frameStart, end)` available.
   * Returns the frame's length once it is complete, or -1 if more bytes are needed.
   */
  scan(buf: Uint8Array, frameStart: number, end: number): number {
    let pos = frameStart + this.offset
    while (pos < end) {
      const b = buf[pos]
      let header = 1
      let payload = 0
      let children = -1
      if (b < 0x80 || b >= 0xe0 || b === 0xc0 || b === 0xc2 || b === 0xc3) {
        // fixint, nil, bool
      } else if (b >= 0xa0 && b <= 0xbf) payload = b & 0x1f
      else if (b >= 0x90 && b <= 0x9f) children = b & 0x0f
      else if (b >= 0x80 && b <= 0x8f) children = (b & 0x0f) * 2
      else {
        const width = headerWidth(b)
        if (width < 0) throw new MsgpackFormatError(`unsupported MessagePack type byte 0x${b.toString(16)}`)
        header = 1 + width
        if (pos + header > end) break
        const n = width === 0 ? 0 : readLength(buf, pos + 1, width)
        switch (b) {
          case 0xd9: case 0xda: case 0xdb: case 0xc4: case 0xc5: case 0xc6:
            payload = n
            break
          case 0xdc: case 0xdd:
            children = n
            break
          case 0xde: case 0xdf:
            children = n * 2
            break
          default:
            header = 1
            payload = fixedSize(b)
        }
      }
      if (pos + header + payload > end) break
      pos += header + payload
      this.remaining--
      if (children > 0) {
        if (this.stack.length >= MAX_DEPTH) throw new MsgpackFormatError("MessagePack nesting is too deep")
        this.stack.push(this.remaining)
        this.remaining = children
      }
      while (this.remaining === 0 && this.stack.length > 0) this.remaining = this.stack.pop()!
      if (this.remaining === 0) {
        const length = pos - frameStart
        this.reset()
        return length
      }
    }
    this.offset = pos - frameStart
    return -1
  }
}

/** Width of the length field after the type byte, 0 for fixed-size scalars, -1 for unsupported bytes. */
const headerWidth = (b: number): number => {
  switch (b) {
    case 0xd9: case 0xc4:
      return 1
    case 0xda: case 0xc5: case 0xdc: case 0xde:
      return 2
    case 0xdb: case 0xc6: case 0xdd: case 0xdf:
      return 4
    case 0xcc: case 0xcd: case 0xce: case 0xcf: case 0xd0: case 0xd1: case 0xd2: case 0xd3: case 0xca: case 0xcb:
      return 0
    default:
      return -1
  }
}

const fixedSize = (b: number): number => {
  switch (b) {
    case 0xcc: case 0xd0:
      return 1
    case 0xcd: case 0xd1:
      return 2
    case 0xce: case 0xd2: case 0xca:
      return 4
    default:
      return 8
  }
}

const readLength = (buf: Uint8Array, at: number, width: number): number =>
  width === 1 ? buf[at] : width === 2 ? (buf[at] << 8) | buf[at + 1] : ((buf[at] << 24) >>> 0) + (buf[at + 1] << 16) + (buf[at + 2] << 8) + buf[at + 3]
