/**
 * Follows a log file as it grows, the way `tail -F` does: lines as they are
 * appended (a line written in two parts comes once, whole), from the start of
 * a file that appears later, from the start again after the file was
 * truncated, and across rotation (the old file is read to its end before the
 * new one is opened). Polls: file watchers miss writes on some file systems
 * and across renames. No VS Code here; the caller turns lines into rows.
 */
import { constants, promises as fs } from 'node:fs';

export type FollowState =
  | { readonly kind: 'waiting'; readonly path: string }
  | { readonly kind: 'following'; readonly path: string; readonly rotations: number; readonly truncations: number; readonly tooLong: number }
  | { readonly kind: 'failed'; readonly path: string; readonly message: string };

export interface FollowOptions {
  readonly pollMs?: number;
  /** Where to start in a file that exists when following starts: its end (what comes next) or its start. */
  readonly from?: 'end' | 'start';
  /** A line longer than this is dropped (and counted), not kept growing in memory. */
  readonly maxLineBytes?: number;
  /** From the start of a file already there, but no more than its last this many bytes (from the first whole line in them). */
  readonly tailBytes?: number;
}

const CHUNK = 1 << 16;

export class LogFollower {
  private fd: fs.FileHandle | undefined;
  private ino = 0;
  private position = 0;
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private dropping = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private reading: Promise<void> = Promise.resolve();
  private first = true;
  private counts = { rotations: 0, truncations: 0, tooLong: 0 };
  private state: FollowState;

  constructor(
    private readonly path: string,
    private readonly onLines: (lines: string[]) => void,
    private readonly onState: (s: FollowState) => void = () => undefined,
    private readonly o: FollowOptions = {},
  ) {
    this.state = { kind: 'waiting', path };
  }

  start(): void {
    void this.tick();
  }

  current(): FollowState {
    return this.state;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.reading;
    await this.fd?.close().catch(() => undefined);
    this.fd = undefined;
  }

  /**
   * Reads what is new now (the timer does the same); for tests and for a Refresh. One read at a
   * time: two at once would read the same bytes into the partial line twice.
   */
  poll(): Promise<void> {
    const next = this.reading.then(() => this.pollOnce());
    this.reading = next;
    return next;
  }

  private async pollOnce(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.step();
    } catch (e) {
      this.set({ kind: 'failed', path: this.path, message: (e as Error).message });
      await this.fd?.close().catch(() => undefined);
      this.fd = undefined;
    }
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    await this.poll();
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.o.pollMs ?? 250);
  }

  private set(s: FollowState): void {
    if (JSON.stringify(s) === JSON.stringify(this.state)) return;
    this.state = s;
    this.onState(s);
  }

  private following(): FollowState {
    return { kind: 'following', path: this.path, ...this.counts };
  }

  private async open(atEnd: boolean): Promise<boolean> {
    try {
      this.fd = await fs.open(this.path, constants.O_RDONLY);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        this.set({ kind: 'waiting', path: this.path });
        return false;
      }
      throw e;
    }
    const st = await this.fd.stat();
    this.ino = st.ino;
    this.position = atEnd ? st.size : Math.max(0, st.size - (this.o.tailBytes ?? Infinity));
    this.partial = [];
    this.partialBytes = 0;
    // Started inside a line: it is not whole, drop it.
    this.dropping = this.position > 0 && !atEnd;
    this.set(this.following());
    return true;
  }

  private async step(): Promise<void> {
    if (!this.fd) {
      // A file there at the start is followed from its end (or start, if asked); one that appears later, from its start.
      const atEnd = this.first && (this.o.from ?? 'end') === 'end';
      this.first = false;
      if (!(await this.open(atEnd))) return;
    }
    await this.readToEnd();
    let now;
    try {
      now = await fs.stat(this.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // rotated away, the new file not there yet: keep the old one
      throw e;
    }
    if (now.ino !== this.ino) {
      // Rotated: the old file is read to its end (above); the new one from its start.
      await this.fd?.close();
      this.fd = undefined;
      this.counts.rotations++;
      if (await this.open(false)) await this.readToEnd();
    } else if (now.size < this.position) {
      this.counts.truncations++;
      this.position = 0;
      this.partial = [];
      this.partialBytes = 0;
      this.dropping = false;
      this.set(this.following());
      await this.readToEnd();
    }
  }

  private async readToEnd(): Promise<void> {
    const fd = this.fd;
    if (!fd) return;
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const { bytesRead } = await fd.read(buf, 0, CHUNK, this.position);
      if (bytesRead === 0) return;
      this.position += bytesRead;
      this.take(buf.subarray(0, bytesRead));
    }
  }

  private take(chunk: Buffer): void {
    const lines: string[] = [];
    const max = this.o.maxLineBytes ?? 64 << 20;
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      start = nl + 1;
      if (this.dropping) {
        this.dropping = false;
        this.partial = [];
        this.partialBytes = 0;
        continue;
      }
      const whole = this.partial.length ? Buffer.concat([...this.partial, piece]) : piece;
      this.partial = [];
      this.partialBytes = 0;
      if (whole.length > max) {
        this.counts.tooLong++;
        this.set(this.following());
      } else if (whole.length) lines.push(whole.toString('utf8'));
    }
    const rest = chunk.subarray(start);
    if (rest.length && !this.dropping) {
      this.partial.push(Buffer.from(rest));
      this.partialBytes += rest.length;
      if (this.partialBytes > max) {
        this.partial = [];
        this.partialBytes = 0;
        this.dropping = true;
        this.counts.tooLong++;
        this.set(this.following());
      }
    }
    if (lines.length) this.onLines(lines);
  }
}
