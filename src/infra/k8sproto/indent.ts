/**
 * Compact JSON text indented by two spaces, as Go's json.Indent does (and so
 * as `kubectl get -o json` prints what the API sends): the text is kept as it
 * is, numbers (`1.0`) and escapes included; only whitespace is added. For a
 * value that sits at depth `depth` of a larger document. Pure.
 */
export function indentJson(compact: string, depth: number): string {
  const nl = (d: number) => `\n${'  '.repeat(d)}`;
  const out: string[] = [];
  let d = depth;
  let from = 0;
  let inString = false;
  for (let i = 0; i < compact.length; i++) {
    const c = compact.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      const next = compact.charCodeAt(i + 1);
      if (next === c + 2) {
        i++; // {} and [] stay as they are
        continue;
      }
      out.push(compact.slice(from, i + 1), nl(++d));
      from = i + 1;
    } else if (c === 0x7d || c === 0x5d) {
      out.push(compact.slice(from, i), nl(--d));
      from = i;
    } else if (c === 0x2c) {
      out.push(compact.slice(from, i + 1), nl(d));
      from = i + 1;
    } else if (c === 0x3a) {
      out.push(compact.slice(from, i + 1), ' ');
      from = i + 1;
    }
  }
  out.push(compact.slice(from));
  return out.join('');
}
