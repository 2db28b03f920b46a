/**
 * The etcd view: the keyspace grouped by `/` segments, one level at a time, keys only
 * (core/etcd/level.ts chooses how). A level once read is cached and kept fresh by a watch on its
 * prefix, so expanding it again asks etcd nothing. Ids come from the keys (core/etcd/keys.ts), and
 * so does each node's parent: a page loaded later, a reveal and a repaint all find it. A lost
 * connection shows when it happens and goes when etcd is back. The view never writes to etcd.
 */
import * as vscode from 'vscode';
import { backoffMs } from '../../core/deadlines';
import { displayKey, etcdNodeId, parentDirOf } from '../../core/etcd/keys';
import type { KeyMeta, LevelChild, LevelPage } from '../../core/etcd/level';
import type { Failure, Result } from '../../core/result';
import type { EtcdReader } from '../../infra/etcd/client';
import { NAMESPACES, readLevel } from '../../infra/etcd/levels';
import type { MemberRow } from '../../core/etcd/members';
import { MembersList } from './memberNodes';
import type { Ctx } from '../ctx';
import { describeFailure } from '../failures';
import type { EtcdSession } from './session';
import { applyWatchEvent, type Level } from './levelEvents';
import { etcdTreeItem, etcdViewDescription } from './treeItem';

export type EtcdNode =
  | { type: 'dir'; id: string; key: Buffer; name: Buffer; keys?: number }
  | { type: 'leaf'; id: string; key: Buffer; name: Buffer; meta?: KeyMeta }
  | { type: 'more'; id: string; prefix: Buffer; next: Buffer }
  | { type: 'message'; id: string; text: string; error: boolean }
  /** etcd as a cluster: its members (core/etcd/members.ts), read when shown and again every few seconds while open. */
  | { type: 'members'; id: string; summary?: string }
  | { type: 'member'; id: string; row: MemberRow; lab?: { process: string; held: boolean } };

/** With several members, how long a watch may be between members before the view calls etcd lost. */
const WATCH_GRACE_MS = 5000;

export class EtcdTree implements vscode.TreeDataProvider<EtcdNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<EtcdNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly levels = new Map<string, Level>();
  /** One node object per id (directories and keys of the levels read). */
  private readonly nodes = new Map<string, EtcdNode>();
  private readonly expanded = new Set<string>();
  private reconnect: NodeJS.Timeout | undefined;
  private view?: vscode.TreeView<EtcdNode>;
  /** Requests the last expansion sent (for tests and the benchmark). */
  lastRequests = 0;

  constructor(
    private readonly ctx: Ctx,
    private readonly session: EtcdSession,
  ) {}

  attach(view: vscode.TreeView<EtcdNode>): void {
    this.view = view;
    this.ctx.own(view.onDidExpandElement((e) => this.expanded.add(e.element.id)));
    this.ctx.own(view.onDidCollapseElement((e) => this.expanded.delete(e.element.id)));
    this.ctx.own(
      this.session.onDidChangeStatus((st) => {
        view.description = etcdViewDescription(st);
      }),
    );
  }

  refresh(): void {
    this.members.forget();
    this.stopWatches();
    this.nodes.clear();
    this.session.reset();
    if (this.view) this.view.message = undefined;
    this.changed.fire(undefined);
  }

  private stopWatches(): void {
    for (const l of this.levels.values()) {
      l.stopWatch?.();
      clearTimeout(l.grace);
    }
    this.levels.clear();
  }

  /** The view's message (a lost connection), for tests. */
  viewMessage(): string | undefined {
    return this.view?.message;
  }

  /** The view's description (etcd's version, revision and where it is reached), for tests. */
  viewDescription(): string | undefined {
    return this.view?.description;
  }

  dispose(): void {
    clearTimeout(this.reconnect);
    this.members.dispose();
    this.stopWatches();
    this.changed.dispose();
  }

  /** What the view has selected (after reveal, the revealed item). */
  selection(): readonly EtcdNode[] {
    return this.view?.selection ?? [];
  }

  getParent(node: EtcdNode): EtcdNode | undefined {
    if (node.type === 'members') return undefined;
    if (node.type === 'member' || (node.type === 'message' && node.id.startsWith('etcd/member/'))) return this.members.node;
    const dir =
      node.type === 'more' ? (node.prefix.length ? node.prefix : undefined) : node.type === 'message' ? undefined : parentDirOf(node.key, node.type === 'dir');
    if (!dir) return undefined;
    // A refresh (a reconnect to etcd) may have dropped the directory's node while its keys are
    // shown or revealed; the key alone says what the directory is.
    const id = etcdNodeId(dir, true);
    const known = this.nodes.get(id);
    if (known) return known;
    const n: EtcdNode = { type: 'dir', id, key: dir, name: dir.subarray(parentDirOf(dir, true)?.length ?? 0) };
    this.nodes.set(id, n);
    return n;
  }

  getTreeItem(node: EtcdNode): vscode.TreeItem {
    return etcdTreeItem(node, this.expanded.has(node.id));
  }

  /** The Members entry (first at the top level) and its list (memberNodes.ts). */
  readonly members = new MembersList(
    () => this.session,
    () => this.ctx.config().lab,
    (n) => this.changed.fire(n),
    (id) => this.expanded.has(id),
    (n) => this.getTreeItem(n),
    (f) => this.message(f),
  );

  /** Lease TTL is looked up only when the user hovers a key that has one. */
  async resolveTreeItem(item: vscode.TreeItem, node: EtcdNode): Promise<vscode.TreeItem> {
    if (node.type === 'member') return this.members.resolve(item, node);
    if (node.type !== 'leaf' || !node.meta || node.meta.lease === '0') return item;
    const r = await this.session.open();
    if (!r?.ok) return item;
    const ttl = await r.value.leaseTtl(node.meta.lease);
    if (ttl.ok)
      item.tooltip = `${String(item.tooltip)}\n${ttl.value.ttl < 0 ? vscode.l10n.t('lease expired') : vscode.l10n.t('TTL left: {0} s of {1} s', ttl.value.ttl, ttl.value.granted)}`;
    return item;
  }

  async getChildren(node?: EtcdNode): Promise<EtcdNode[]> {
    if (node?.type === 'members') return this.members.children();
    if (node && node.type !== 'dir') return [];
    const r = await this.session.open();
    if (!r) return []; // nothing configured: the welcome content says how to connect
    if (!r.ok) return [this.message(r.error)];
    if (!node) {
      const st = await this.session.refreshStatus();
      if (!st.ok) {
        this.lost(st.error);
        return [this.message(st.error)];
      }
    }
    const prefix = node ? node.key : Buffer.alloc(0);
    // The top level starts with the cluster's members.
    const top = node ? [] : [this.members.node];
    const cached = this.levels.get(prefix.toString('hex'));
    if (cached) {
      this.lastRequests = 0;
      return [...top, ...this.withMore(prefix, cached)];
    }
    const page = await this.readLevel(r.value, prefix);
    if (!page.ok) return [this.message(page.error)];
    const level: Level = { children: page.value.children.map((c) => this.node(prefix, c)), next: page.value.next };
    this.levels.set(prefix.toString('hex'), level);
    void this.watchLevel(r.value, prefix, level, page.value.revision);
    return [...top, ...this.withMore(prefix, level)];
  }

  /** Expands the tree down to `key` and selects it; undefined when there is no such key. */
  async reveal(key: string): Promise<EtcdNode | undefined> {
    const target = Buffer.from(key);
    let parent: EtcdNode | undefined;
    for (let depth = 0; depth < 64; depth++) {
      let found: EtcdNode | undefined;
      for (let page = 0; page < 100 && !found; page++) {
        const children = await this.getChildren(parent);
        found = children.find(
          (c) =>
            (c.type === 'leaf' && c.key.equals(target)) || (c.type === 'dir' && target.length > c.key.length && target.subarray(0, c.key.length).equals(c.key)),
        );
        const more = children.find((c) => c.type === 'more');
        if (found || !more) break;
        await this.loadMore(more);
      }
      if (!found) return undefined;
      if (found.type === 'leaf') {
        await this.view?.reveal(found, { select: true, focus: true, expand: false });
        return found;
      }
      parent = found;
    }
    return undefined;
  }

  async loadMore(more: EtcdNode): Promise<void> {
    if (more.type !== 'more') return;
    const level = this.levels.get(more.prefix.toString('hex'));
    const r = await this.session.open();
    if (!level || !r?.ok) return;
    const page = await this.readLevel(r.value, more.prefix, more.next);
    if (!page.ok) {
      void vscode.window.showErrorMessage(describeFailure(page.error));
      return;
    }
    level.children.push(...page.value.children.map((c) => this.node(more.prefix, c)));
    level.next = page.value.next;
    // Only the directory that grew repaints (the whole tree only for the top level).
    this.changed.fire(this.getParent(more));
  }

  private async readLevel(reader: EtcdReader, prefix: Buffer, from?: Buffer): Promise<Result<LevelPage>> {
    const namespaces = this.levels
      .get(Buffer.from(NAMESPACES).toString('hex'))
      ?.children.flatMap((c) => (c.type === 'leaf' || c.type === 'dir' ? [c.name] : []));
    const page = await readLevel(reader, prefix, from, namespaces);
    if (page.ok) this.lastRequests = page.value.requests;
    else this.lost(page.error);
    return page;
  }

  private withMore(prefix: Buffer, level: Level): EtcdNode[] {
    if (!level.next) return level.children;
    const more: EtcdNode = { type: 'more', id: `${etcdNodeId(prefix, true)}/…more`, prefix, next: level.next };
    return [...level.children, more];
  }

  private node(prefix: Buffer, c: LevelChild): EtcdNode {
    const key = Buffer.concat([prefix, c.name]);
    const n: EtcdNode = c.isDir
      ? { type: 'dir', id: etcdNodeId(key, true), key, name: c.name, keys: c.keys }
      : { type: 'leaf', id: etcdNodeId(key, false), key, name: c.name, meta: c.meta };
    this.nodes.set(n.id, n);
    return n;
  }

  /** Keeps a read level current: new children appear, deleted leaves go, changed leaves repaint. */
  private async watchLevel(reader: EtcdReader, prefix: Buffer, level: Level, listedAt?: string): Promise<void> {
    const parent = prefix.length ? this.nodes.get(etcdNodeId(prefix, true)) : undefined;
    const stop = await reader.watch(
      prefix,
      (e) => {
        const changed = applyWatchEvent(level, prefix, e, (c) => this.node(prefix, c));
        if (changed) this.changed.fire(changed === 'parent' ? parent : changed);
      },
      (connected, failure) => {
        // Nobody has to click for a lost etcd to show: the watch says so first. With several
        // members the watch goes on from another member by itself (from its last revision): the
        // view calls etcd lost only when it has not within a few seconds.
        clearTimeout(level.grace);
        level.grace = undefined;
        if (connected || !failure) return;
        this.ctx.log.warn(`etcd watch ${displayKey(prefix)}: ${failure.message}`);
        if (reader.settings.endpoints.length > 1) level.grace = setTimeout(() => this.lost(failure), WATCH_GRACE_MS);
        else this.lost(failure);
      },
      listedAt ? String(BigInt(listedAt) + 1n) : undefined,
    ); // from just after the listing: nothing missed
    if (stop.ok) level.stopWatch = stop.value;
  }

  private message(f: Failure): EtcdNode {
    return { type: 'message', id: `etcd/!/${f.code}`, text: describeFailure(f), error: true };
  }

  /** Shows the loss in the view and retries with backoff until etcd answers; then reads the tree again. */
  private lost(f: Failure, attempt = 1): void {
    if (this.view) this.view.message = vscode.l10n.t('Lost the connection to etcd: {0} KubeLab reconnects by itself.', describeFailure(f));
    if (attempt === 1 && this.reconnect) return; // already retrying
    clearTimeout(this.reconnect);
    this.reconnect = setTimeout(async () => {
      this.reconnect = undefined;
      this.session.reset(); // a fresh client: the old one may hold a dead channel
      const st = await this.session.refreshStatus();
      if (st.ok) {
        this.ctx.log.info('etcd connection is back');
        this.refresh();
      } else this.lost(st.error, attempt + 1);
    }, backoffMs(attempt));
  }
}
