/**
 * How the Kubernetes JSON API writes the apimachinery types that protobuf
 * stores as messages: meta.v1.Time (RFC 3339, seconds), MicroTime (RFC 3339
 * with microseconds), Duration (Go's time.Duration String()). Pure.
 */

const iso = (ms: number) => new Date(ms).toISOString(); // 2026-11-25T12:00:00.000Z

const recent = new Map<number, string>();

/** meta.v1.Time: seconds precision, UTC, as Go's time.RFC3339. (An object's times repeat: the last few thousand are kept.) */
export function formatTime(seconds: number): string {
  let s = recent.get(seconds);
  if (s === undefined) {
    s = `${iso(seconds * 1000).slice(0, 19)}Z`;
    if (recent.size > 4096) recent.clear();
    recent.set(seconds, s);
  }
  return s;
}

/** meta.v1.MicroTime: "2006-01-02T15:04:05.000000Z07:00" in UTC. */
export function formatMicroTime(seconds: number, nanos: number): string {
  const micros = String(Math.floor(nanos / 1000)).padStart(6, '0');
  return `${formatTime(seconds).slice(0, -1)}.${micros}Z`;
}

/** Go's time.Duration.String(): "1h2m3.5s", "150ms", "0s". */
export function formatGoDuration(nanoseconds: number): string {
  if (nanoseconds === 0) return '0s';
  const neg = nanoseconds < 0;
  let ns = Math.abs(nanoseconds);
  const sign = neg ? '-' : '';
  if (ns < 1e9) {
    // Below one second Go picks ns, µs or ms, with a fraction.
    const [unit, size] = ns < 1e3 ? ['ns', 1] : ns < 1e6 ? ['µs', 1e3] : ['ms', 1e6];
    return `${sign}${trimFraction(ns / size)}${unit}`;
  }
  const h = Math.floor(ns / 3600e9);
  ns -= h * 3600e9;
  const m = Math.floor(ns / 60e9);
  ns -= m * 60e9;
  const s = `${trimFraction(ns / 1e9)}s`;
  if (h > 0) return `${sign}${h}h${m}m${s}`;
  if (m > 0) return `${sign}${m}m${s}`;
  return `${sign}${s}`;
}

function trimFraction(x: number): string {
  return x.toFixed(9).replace(/\.?0+$/, '');
}
