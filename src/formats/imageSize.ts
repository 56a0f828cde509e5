/**
 * The pixel size of a PNG, JPEG or GIF from its header, so a document can lay an image out at its own
 * proportions without decoding it (the formats layer runs in Node too, with no canvas).
 */
export interface PixelSize {
  width: number;
  height: number;
}

export function imageSize(b: Uint8Array): PixelSize | undefined {
  const u16 = (i: number) => (b[i]! << 8) | b[i + 1]!;
  const u32 = (i: number) => ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
  // PNG: signature, then the IHDR chunk with width and height
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return { width: u32(16), height: u32(20) };
  // GIF: logical screen size, little-endian
  if (b.length >= 10 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return { width: b[6]! | (b[7]! << 8), height: b[8]! | (b[9]! << 8) };
  // JPEG: walk the segments to the first start-of-frame
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return undefined;
      const marker = b[i + 1]!;
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { width: u16(i + 7), height: u16(i + 5) };
      i += 2 + u16(i + 2);
    }
  }
  return undefined;
}

/** Fits an image into a box, never enlarging it. */
export function fitInto(size: PixelSize, maxWidth: number, maxHeight: number): PixelSize {
  const scale = Math.min(1, maxWidth / size.width, maxHeight / size.height);
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}
