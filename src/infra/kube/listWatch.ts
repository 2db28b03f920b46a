/**
 * A paged list kept live by a watch: list the first page, then watch from its
 * resourceVersion with bookmarks; resume from the last version seen after a
 * dropped connection (with backoff), and list again on 410 Gone. No polling.
 * The listener learns what to repaint (one item or the list).
 */
import { backoffMs } from '../../core/deadlines';
import { type Failure } from '../../core/result';
import { applyEvent, firstPage, nextPage, WatchExpired, type ListPage, type ListState, type Repaint, type WatchEvent } from '../../core/kube/listState';
import type { KubeObject } from '../../core/kube/objects';
import { expectOk, type KubeApi } from './api';
import { fail, ok, type Result } from '../../core/result';

export type ListWatchStatus =
  { readonly kind: 'live' } | { readonly kind: 'reconnecting'; readonly failure: Failure; readonly attempt: number } | { readonly kind: 'stopped' };

export interface ListWatchListener {
  onChange(state: ListState, repaint: Repaint): void;
  onStatus?(status: ListWatchStatus): void;
}

export interface ListWatchOptions {
  readonly pageSize: number;
  readonly timeoutMs: number;
  /** Server-side watch timeout; the client gives up 30 s later (core/deadlines.ts). */
  readonly watchTimeoutSeconds: number;
  readonly backoffMs?: (attempt: number) => number;
}

const sep = (path: string) => (path.includes('?') ? '&' : '?');
const isGone = (f: Failure) => f.code === 'kube.http' && f.status === 410;

export async function listPage(api: KubeApi, path: string, limit: number, timeoutMs: number, cont?: string, signal?: AbortSignal): Promise<Result<ListPage>> {
  const q = `limit=${limit}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
  const r = expectOk(await api.request(`${path}${sep(path)}${q}`, { timeoutMs, signal }), `GET ${path}`);
  if (!r.ok) return r;
  const body = r.value.body as { items?: KubeObject[]; metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number } };
  if (!Array.isArray(body?.items)) return fail('kube.notAList', `GET ${path} did not return a list`, path);
  return ok({
    items: body.items,
    resourceVersion: body.metadata?.resourceVersion ?? '0',
    continueToken: body.metadata?.continue || undefined,
    remainingItemCount: body.metadata?.remainingItemCount,
  });
}

export class ListWatch {
  private current: ListState | undefined;
  private readonly abort = new AbortController();
  private watching = false;

  constructor(
    private readonly api: KubeApi,
    readonly path: string,
    private readonly opts: ListWatchOptions,
    private readonly listener: ListWatchListener,
  ) {}

  get state(): ListState | undefined {
    return this.current;
  }

  get disposed(): boolean {
    return this.abort.signal.aborted;
  }

  /** Lists the first page; on success the watch runs until dispose(). */
  async start(): Promise<Result<ListState>> {
    const r = await listPage(this.api, this.path, this.opts.pageSize, this.opts.timeoutMs, undefined, this.abort.signal);
    if (!r.ok) return r;
    this.current = firstPage(r.value);
    if (!this.watching) {
      this.watching = true;
      void this.watchLoop();
    }
    return ok(this.current);
  }

  async loadMore(): Promise<Result<ListState>> {
    const s = this.current;
    if (!s?.continueToken) return s ? ok(s) : this.start();
    const r = await listPage(this.api, this.path, this.opts.pageSize, this.opts.timeoutMs, s.continueToken, this.abort.signal);
    if (!r.ok) {
      if (isGone(r.error)) return this.relist();
      return r;
    }
    this.current = nextPage(this.current ?? s, r.value);
    this.listener.onChange(this.current, { what: 'list' });
    return ok(this.current);
  }

  dispose(): void {
    this.abort.abort();
    this.listener.onStatus?.({ kind: 'stopped' });
  }

  private async relist(): Promise<Result<ListState>> {
    const r = await listPage(this.api, this.path, this.opts.pageSize, this.opts.timeoutMs, undefined, this.abort.signal);
    if (!r.ok) return r;
    this.current = firstPage(r.value);
    this.listener.onChange(this.current, { what: 'list' });
    return ok(this.current);
  }

  private async watchLoop(): Promise<void> {
    const timeoutSeconds = this.opts.watchTimeoutSeconds;
    let attempt = 0;
    while (!this.disposed) {
      const rv = this.current?.resourceVersion ?? '0';
      const began = Date.now();
      let expired = false;
      let errored: Failure | undefined;
      const r = await this.api.stream(
        `${this.path}${sep(this.path)}watch=1&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(rv)}&timeoutSeconds=${timeoutSeconds}`,
        (line) => {
          if (this.disposed || expired || errored || !this.current) return;
          try {
            const { state, repaint } = applyEvent(this.current, line as WatchEvent);
            this.current = state;
            if (repaint.what !== 'none') this.listener.onChange(state, repaint);
          } catch (e) {
            if (e instanceof WatchExpired) expired = true;
            else {
              // Any other ERROR event: say so at once; the server ends the watch, then we list again.
              errored = { code: 'kube.watchError', message: (e as Error).message, where: this.path };
              this.listener.onStatus?.({ kind: 'reconnecting', failure: errored, attempt: attempt + 1 });
            }
          }
        },
        {
          signal: this.abort.signal,
          timeoutMs: (timeoutSeconds + 30) * 1000,
          onOpen: () => {
            if (attempt > 0) this.listener.onStatus?.({ kind: 'live' });
            attempt = 0;
          },
        },
      );
      if (this.disposed) return;
      if (errored) {
        await this.backoff(++attempt, errored);
        const again = await this.relist();
        if (again.ok) this.listener.onStatus?.({ kind: 'live' });
        continue;
      }
      if (expired || (!r.ok && isGone(r.error))) {
        const again = await this.relist();
        if (again.ok) {
          attempt = 0;
          continue;
        }
        await this.backoff(++attempt, again.error);
        continue;
      }
      if (r.ok) {
        // The server closed the watch normally: resume from the last version
        // (after a pause if it closed at once, so a misbehaving proxy cannot spin us).
        if (Date.now() - began < 1000) await this.backoff(++attempt, { code: 'kube.watchClosed', message: 'The API server closed the watch at once' });
        continue;
      }
      // Dropped or refused: wait, then resume from the last version seen (410 above if too old).
      await this.backoff(++attempt, r.error);
    }
  }

  private async backoff(attempt: number, failure: Failure): Promise<void> {
    this.listener.onStatus?.({ kind: 'reconnecting', failure, attempt });
    const ms = (this.opts.backoffMs ?? backoffMs)(attempt);
    await new Promise<void>((res) => {
      const t = setTimeout(res, ms);
      this.abort.signal.addEventListener('abort', () => (clearTimeout(t), res()), { once: true });
    });
  }
}
