/**
 * What a ZIP file (a .docx) says it expands to, read from its central directory without
 * expanding anything: a small file that expands to gigabytes (a "zip bomb") is refused before
 * the Word reader sees it.
 */
export function zipExpandedSize(bytes: Uint8Array): { entries: number; bytes: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record: in the last 64 KiB + 22 bytes (its comment is at most 64 KiB).
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 65_557); at--) {
    if (view.getUint32(at, true) !== 0x06054b50) continue;
    const entries = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 12, true);
    const offset = view.getUint32(at + 16, true);
    if (offset + size > bytes.length) return undefined;
    let total = 0;
    let position = offset;
    for (let entry = 0; entry < entries; entry++) {
      if (position + 46 > bytes.length || view.getUint32(position, true) !== 0x02014b50) return undefined;
      total += view.getUint32(position + 24, true);
      position += 46 + view.getUint16(position + 28, true) + view.getUint16(position + 30, true) + view.getUint16(position + 32, true);
    }
    return { entries, bytes: total };
  }
  return undefined;
}
