/**
 * A hex dump of a value (offset, 16 bytes, ASCII), capped so a huge value
 * cannot freeze the editor.
 */
export function hexDump(b: Buffer, maxBytes = 64 * 1024): string {
  const lines: string[] = [];
  const n = Math.min(b.length, maxBytes);
  for (let off = 0; off < n; off += 16) {
    const row = b.subarray(off, Math.min(off + 16, n));
    const hex = [...row].map((x) => x.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...row].map((x) => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '.')).join('');
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  if (b.length > n) lines.push(`… ${b.length - n} more bytes not shown`);
  return lines.join('\n');
}
