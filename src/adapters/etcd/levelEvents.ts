/**
 * A level of the etcd view kept fresh by its watch: what one event (a put or delete under the level's
 * prefix) does to the level's children. A new key or directory is placed in key order (unless it lies
 * beyond the page loaded), a deleted leaf goes, a directory counts its keys.
 */
import { etcdNodeId } from '../../core/etcd/keys';
import type { LevelChild } from '../../core/etcd/level';
import type { WatchEvent } from '../../infra/etcd/client';
import type { EtcdNode } from './tree';

export interface Level {
  children: EtcdNode[];
  next?: Buffer;
  stopWatch?: () => void;
  /** A watch between members: the view waits this long before calling etcd lost. */
  grace?: NodeJS.Timeout;
}

/** Applies the event; returns the node to repaint (`parent`: the level itself), or nothing when nothing shown changed. */
export function applyWatchEvent(level: Level, prefix: Buffer, e: WatchEvent, node: (c: LevelChild) => EtcdNode): EtcdNode | 'parent' | undefined {
  const rest = e.key.subarray(prefix.length);
  const slash = rest.indexOf(0x2f);
  const isDir = slash >= 0;
  const name = isDir ? rest.subarray(0, slash + 1) : rest;
  const key = Buffer.concat([prefix, name]);
  const id = etcdNodeId(key, isDir);
  const at = level.children.findIndex((c) => c.id === id);
  const existing = level.children[at];
  if (e.type === 'put') {
    if (existing?.type === 'leaf') {
      existing.meta = e.meta;
      return existing;
    }
    if (!existing) {
      if (level.next && Buffer.compare(key, level.next) >= 0) return undefined; // beyond the loaded page
      const n = node({ name, isDir, meta: isDir ? undefined : e.meta, keys: isDir ? 1 : undefined });
      const pos = level.children.findIndex((c) => (c.type === 'dir' || c.type === 'leaf') && Buffer.compare(c.key, key) > 0);
      level.children.splice(pos < 0 ? level.children.length : pos, 0, n);
      return 'parent';
    }
    if (existing.type === 'dir' && e.meta.version === '1' && existing.keys !== undefined) {
      existing.keys++;
      return existing;
    }
    return undefined;
  }
  if (existing?.type === 'leaf') {
    level.children.splice(at, 1);
    return 'parent';
  }
  if (existing?.type === 'dir' && existing.keys !== undefined) {
    existing.keys--;
    if (existing.keys > 0) return existing;
    level.children.splice(at, 1);
    return 'parent';
  }
  return undefined;
}
