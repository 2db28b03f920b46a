/**
 * The JSON of API objects as KubeLab holds them: like JSON.parse's, except that an
 * int64 beyond 2^53 (which a JS number cannot hold exactly) is a bigint, printed as
 * the exact digits the API server writes. Pure.
 */
export type Json = null | boolean | number | bigint | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

/** JSON.stringify, with bigints written as plain digits (JSON.stringify alone throws on them). */
export function stringifyJson(value: unknown, indent?: number): string {
  // Nearly every object has no bigint: JSON.stringify without a replacer keeps V8's fast path.
  try {
    return JSON.stringify(value, null, indent);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
  }
  let big = false;
  // A marker no string value can hold (a fresh random tag), replaced by the digits afterwards.
  const tag = `\u0000int64:${Math.random().toString(36).slice(2)}:`;
  const text = JSON.stringify(
    value,
    (_k, v: unknown) => {
      if (typeof v !== 'bigint') return v;
      big = true;
      return `${tag}${v}`;
    },
    indent,
  );
  if (!big) return text;
  const quoted = JSON.stringify(tag).slice(0, -1);
  return text.replace(new RegExp(`${quoted.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}(-?\\d+)"`, 'g'), '$1');
}
