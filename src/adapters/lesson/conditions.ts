/**
 * Watches what a built-in lesson step must leave behind (core/lesson/conditions.ts)
 * until it holds: an object through a watch of the API server (list, then watch
 * from that list's resourceVersion), an etcd key through an etcd watch, the
 * lesson's proxy by asking it, etcd's members by asking them every second.
 * Every watch has a deadline and stops when the conditions hold, time runs
 * out or the caller cancels.
 */
import * as http from 'node:http';
import { english } from '../../core/l10n';
import { joinMembers } from '../../core/etcd/members';
import { conditionText, membersMeet, objectMeets, objectWatch, type Condition } from '../../core/lesson/conditions';
import type { ClusterSession } from '../cluster/session';
import type { Ctx } from '../ctx';
import type { EtcdSession } from '../etcd/session';

/** How long a run waits for a step's conditions before it says the step is not done (yet), and how long the watch goes on. */
const GRACE_MS = 5000;
const WATCH_MS = 10 * 60_000;

export class LessonConditions {
  /** Keys (`lesson#page`) whose conditions held, and the watches still waiting for theirs. */
  private readonly met = new Set<string>();
  private readonly watching = new Map<string, AbortController>();

  constructor(
    private readonly ctx: Ctx,
    private readonly cluster: ClusterSession,
    private readonly etcd: EtcdSession,
  ) {}

  /**
   * Watches `key`'s conditions (again, from now): true when they hold within a moment; otherwise
   * false now, and `onHeld` when the watch sees them hold (within ten minutes).
   */
  watch(key: string, conditions: readonly Condition[], onHeld: () => void): Promise<boolean> {
    this.watching.get(key)?.abort();
    this.met.delete(key);
    const stop = new AbortController();
    this.watching.set(key, stop);
    const holds = this.all(conditions, stop.signal, WATCH_MS).then((ok) => {
      if (this.watching.get(key) !== stop) return false; // watched again, or forgotten
      this.watching.delete(key);
      if (ok) this.met.add(key);
      return ok;
    });
    return new Promise((resolve) => {
      let late = false;
      const timer = setTimeout(() => {
        late = true;
        resolve(false);
      }, GRACE_MS);
      void holds.then((ok) => {
        if (!late) {
          clearTimeout(timer);
          resolve(ok);
        } else if (ok) onHeld();
      });
    });
  }

  holds(key: string): boolean {
    return this.met.has(key);
  }

  /** Stops the watches and forgets the conditions of every key that starts with `prefix`. */
  forget(prefix: string): void {
    for (const [k, stop] of [...this.watching])
      if (k.startsWith(prefix)) {
        stop.abort();
        this.watching.delete(k);
      }
    for (const k of [...this.met]) if (k.startsWith(prefix)) this.met.delete(k);
  }

  /** Resolves true once every condition holds; false when cancelled or after `deadlineMs`. */
  async all(conditions: readonly Condition[], signal: AbortSignal, deadlineMs: number): Promise<boolean> {
    const done = AbortSignal.any([signal, AbortSignal.timeout(deadlineMs)]);
    const met = await Promise.all(conditions.map((c) => this.one(c, done)));
    return met.every(Boolean);
  }

  private async one(c: Condition, signal: AbortSignal): Promise<boolean> {
    const r =
      c.kind === 'object'
        ? await this.object(c, signal)
        : c.kind === 'etcdKey'
          ? await this.etcdKey(c, signal)
          : c.kind === 'etcdMembers'
            ? await this.members(c, signal)
            : await this.http(c, signal);
    this.ctx.log.info(`lesson condition ${conditionText(c, english)}: ${r ? 'holds' : 'not seen'}`);
    return r;
  }

  private async object(c: Extract<Condition, { kind: 'object' }>, signal: AbortSignal): Promise<boolean> {
    const w = objectWatch(c.path) as { collection: string; name: string };
    const selector = `fieldSelector=${encodeURIComponent(`metadata.name=${w.name}`)}`;
    while (!signal.aborted) {
      const api = await this.cluster.api();
      if (!api.ok) return (await pause(2000, signal)) && false;
      const { requestMs, watchMs, watchSeconds } = this.cluster.deadlines();
      const list = await api.value.request(`${w.collection}?${selector}`, { timeoutMs: requestMs, signal });
      const body = list.ok && list.value.status === 200 ? (list.value.body as { items?: unknown[]; metadata?: { resourceVersion?: string } }) : undefined;
      if (!body) {
        await pause(2000, signal);
        continue;
      }
      if (objectMeets(c, body.items?.[0] as { status?: { phase?: string } } | undefined)) return true;
      const stop = new AbortController();
      const both = AbortSignal.any([signal, stop.signal]);
      let met = false;
      await api.value.stream(
        `${w.collection}?watch=1&${selector}&resourceVersion=${body.metadata?.resourceVersion ?? ''}&timeoutSeconds=${watchSeconds}`,
        (e) => {
          const ev = e as { type?: string; object?: { status?: { phase?: string } } };
          if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED' && ev.type !== 'DELETED') return;
          if (objectMeets(c, ev.type === 'DELETED' ? undefined : ev.object)) {
            met = true;
            stop.abort();
          }
        },
        { signal: both, timeoutMs: watchMs + requestMs },
      );
      if (met) return true;
    }
    return false;
  }

  private async etcdKey(c: Extract<Condition, { kind: 'etcdKey' }>, signal: AbortSignal): Promise<boolean> {
    const key = Buffer.from(c.key);
    while (!signal.aborted) {
      const reader = await this.etcd.open();
      if (!reader?.ok) {
        await pause(2000, signal);
        continue;
      }
      let met = false;
      let lost = false;
      const wake = new AbortController();
      const watch = await reader.value.watch(
        key,
        (e) => {
          if (!e.key.equals(key)) return; // the watch is on a prefix: another key that starts the same
          if ((e.type === 'put') === c.exists) {
            met = true;
            wake.abort();
          }
        },
        (connected) => {
          if (!connected) {
            lost = true;
            wake.abort();
          }
        },
      );
      // Read after the watch started: a change between the two is seen by one of them.
      const now = await reader.value.get(key);
      if (now.ok && (now.value !== undefined) === c.exists) met = true;
      if (!met && watch.ok) await pause(Number.MAX_SAFE_INTEGER, AbortSignal.any([signal, wake.signal]));
      if (watch.ok) watch.value();
      if (met) return true;
      if (lost || !watch.ok) await pause(2000, signal);
    }
    return false;
  }

  /** etcd has no watch of its members: ask them (each endpoint its own status) every second. */
  private async members(c: Extract<Condition, { kind: 'etcdMembers' }>, signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted) {
      const reader = await this.etcd.open();
      const m = reader?.ok ? await reader.value.members() : undefined;
      if (m?.ok && membersMeet(c, joinMembers(m.value.list, m.value.answers, m.value.alarms))) return true;
      await pause(1000, signal);
    }
    return false;
  }

  private async http(c: Extract<Condition, { kind: 'http' }>, signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted) {
      if ((await status(c.url, signal)) === c.status) return true;
      await pause(500, signal);
    }
    return false;
  }
}

/** Waits `ms` or until the signal; false when it was the signal. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      },
      Math.min(ms, 2 ** 31 - 1),
    );
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The HTTP status a GET of `url` answers within 2 s; undefined when nothing answers. */
function status(url: string, signal: AbortSignal): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000, signal }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}
