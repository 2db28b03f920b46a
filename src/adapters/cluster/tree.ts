/**
 * The Cluster view: contexts → Nodes, Namespaces (→ their kinds), Cluster
 * resources; kinds found by discovery, with counts; objects a page at a time,
 * kept live by one watch per expanded kind (stopped when it collapses).
 * Element objects are kept per id, so a watch event repaints only its node.
 */
import * as vscode from 'vscode';
import { CORE_NAMESPACES, CORE_NODES, collectionPath, parseObjectPath, type ApiResource } from '../../core/kube/resources';
import type { ListState, Repaint } from '../../core/kube/listState';
import { objectKey } from '../../core/kube/listState';
import { lookOf, nodeIds, type ClusterNode, type MessageAction } from '../../core/kube/treeModel';
import type { Failure } from '../../core/result';
import { countObjects } from '../../infra/kube/discovery';
import { ListWatch, type ListWatchStatus } from '../../infra/kube/listWatch';
import { CommandId, SettingId } from '../../ids';
import type { Ctx } from '../ctx';
import { describeFailure } from '../failures';
import type { ClusterSession } from './session';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Count = { count: number; exact: boolean };

export class ClusterTree implements vscode.TreeDataProvider<ClusterNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ClusterNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, ClusterNode>();
  private readonly parents = new Map<string, string>();
  private readonly counts = new Map<string, Count>();
  private readonly lists = new Map<string, ListWatch>();
  private readonly watchStatus = new Map<string, ListWatchStatus>();

  constructor(
    private readonly ctx: Ctx,
    private readonly session: ClusterSession,
  ) {}

  private view?: vscode.TreeView<ClusterNode>;

  attach(view: vscode.TreeView<ClusterNode>): void {
    this.view = view;
    this.ctx.own(view.onDidCollapseElement((e) => this.stopUnder(e.element.id)));
  }

  /** Forgets one subtree (or everything) and asks VS Code to read it again. */
  refresh(node?: ClusterNode): void {
    if (!node) {
      this.stopUnder('');
      this.nodes.clear();
      this.parents.clear();
      this.counts.clear();
      this.session.reset();
      this.changed.fire(undefined);
      return;
    }
    this.stopUnder(node.id);
    for (const id of [...this.counts.keys()]) if (id.startsWith(node.id)) this.counts.delete(id);
    this.changed.fire(node);
  }

  refreshById(id: string | undefined): void {
    const node = id === undefined ? undefined : this.nodes.get(id);
    this.refresh(node);
  }

  dispose(): void {
    this.stopUnder('');
    this.changed.dispose();
  }

  /** What the view has selected (after reveal, the revealed item). */
  selection(): readonly ClusterNode[] {
    return this.view?.selection ?? [];
  }

  getParent(node: ClusterNode): ClusterNode | undefined {
    const p = this.parents.get(node.id);
    return p === undefined ? undefined : this.nodes.get(p);
  }

  getTreeItem(node: ClusterNode): vscode.TreeItem {
    const count = this.counts.get(node.id);
    const look = lookOf(node, Date.now(), count, vscode.l10n.t);
    const item = new vscode.TreeItem(
      look.label,
      look.collapsible === 'none' ? vscode.TreeItemCollapsibleState.None : look.collapsible === 'expanded' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = node.id;
    const status = this.watchStatus.get(node.id);
    item.description = status?.kind === 'reconnecting' ? vscode.l10n.t('reconnecting… ({0})', status.failure.message) : look.description;
    item.tooltip = look.tooltip;
    item.contextValue = look.contextValue;
    item.iconPath = new vscode.ThemeIcon(look.icon.id, look.icon.color ? new vscode.ThemeColor(look.icon.color) : undefined);
    if (node.type === 'object') item.command = { command: CommandId.clusterOpenObject, title: vscode.l10n.t('Open'), arguments: [node] };
    if (node.type === 'more') item.command = { command: CommandId.clusterLoadMore, title: look.label, arguments: [node] };
    if (node.type === 'message' && node.action) item.command = messageCommand(node.action, node.detail);
    return item;
  }

  async getChildren(node?: ClusterNode): Promise<ClusterNode[]> {
    try {
      if (!node) return this.roots();
      switch (node.type) {
        case 'context':
          return node.active ? await this.contextChildren(node) : [this.message(node.id, vscode.l10n.t('Not the context KubeLab uses. Click to use it.'), 'info', 'useContext', node.context.name)];
        case 'group':
          return await this.kindsOf(node, (r) => !r.namespaced && r.name !== 'nodes' && r.name !== 'namespaces' && !r.group.endsWith('.metrics.k8s.io'));
        case 'kind':
          return await this.objectsOf(node);
        case 'object':
          return node.resource.kind === 'Namespace' ? await this.kindsOf(node, (r) => r.namespaced, node.object.metadata.name) : [];
        default:
          return [];
      }
    } catch (e) {
      this.ctx.log.error('cluster view', e);
      return [this.message(node?.id ?? '', vscode.l10n.t('Something went wrong: {0}', (e as Error).message), 'error', 'showLog')];
    }
  }

  /** Loads the next page under a "Load more" item. */
  async loadMore(more: ClusterNode): Promise<void> {
    if (more.type !== 'more') return;
    const list = this.lists.get(more.parent);
    if (!list) return;
    const r = await list.loadMore();
    if (!r.ok) void vscode.window.showErrorMessage(vscode.l10n.t('Could not load more: {0}', describeFailure(r.error)));
  }

  /**
   * Expands the tree down to the object at a REST path (`/api/v1/nodes/x`,
   * `/api/v1/namespaces/ns/pods/x`) and selects it; false when it is not there.
   */
  async reveal(path: string): Promise<ClusterNode | undefined> {
    const p = parseObjectPath(path);
    if (!p) return undefined;
    const find = async (parent: ClusterNode | undefined, pred: (n: ClusterNode) => boolean) => (await this.getChildren(parent)).find(pred);
    const isKind = (group: string, resource: string) => (n: ClusterNode) => n.type === 'kind' && n.resource.group === group && n.resource.name === resource;
    const isObject = (name: string) => (n: ClusterNode) => n.type === 'object' && n.object.metadata.name === name;
    const ctx = await find(undefined, (n) => n.type === 'context' && n.active);
    if (!ctx) return undefined;
    let kind: ClusterNode | undefined;
    if (p.namespace) {
      const namespaces = await find(ctx, isKind('', 'namespaces'));
      const ns = namespaces && (await find(namespaces, isObject(p.namespace)));
      kind = ns && (await find(ns, isKind(p.group, p.resource)));
    } else {
      kind = await find(ctx, isKind(p.group, p.resource));
      if (!kind) {
        const cluster = await find(ctx, (n) => n.type === 'group');
        kind = cluster && (await find(cluster, isKind(p.group, p.resource)));
      }
    }
    const object = kind && (await find(kind, isObject(p.name)));
    if (object && this.view) await this.view.reveal(object, { select: true, focus: true, expand: false });
    return object;
  }

  // --- levels -------------------------------------------------------------

  private roots(): ClusterNode[] {
    const k = this.session.kubeconfig();
    if (!k.ok) {
      if (k.error.code === 'kubeconfig.missing') return []; // the view's welcome content says what to do
      return [
        this.message('', describeFailure(k.error), 'error', 'pickKubeconfig', k.error.message),
        this.message('', vscode.l10n.t('Open KubeLab settings'), 'info', 'openSettings'),
      ];
    }
    const active = this.session.activeContext();
    return k.value.contexts.map((c) => this.keep(undefined, { type: 'context', id: nodeIds.context(c.name), context: c, active: c.name === active }));
  }

  private async contextChildren(node: Extract<ClusterNode, { type: 'context' }>): Promise<ClusterNode[]> {
    const d = await this.session.resources();
    if (!d.ok) return this.failure(node.id, d.error);
    const ctx = node.context.name;
    const find = (want: typeof CORE_NODES | typeof CORE_NAMESPACES) =>
      d.value.resources.find((r) => r.group === '' && r.name === want.name) ?? { ...want, verbs: ['list', 'watch'] };
    return [
      this.keep(node.id, { type: 'kind', id: nodeIds.kind(ctx, CORE_NODES), context: ctx, resource: find(CORE_NODES), title: vscode.l10n.t('Nodes') }),
      this.keep(node.id, { type: 'kind', id: nodeIds.kind(ctx, CORE_NAMESPACES), context: ctx, resource: find(CORE_NAMESPACES), title: vscode.l10n.t('Namespaces') }),
      this.keep(node.id, { type: 'group', id: nodeIds.cluster(ctx), context: ctx, group: 'cluster' }),
    ];
  }

  private async kindsOf(parent: ClusterNode, which: (r: ApiResource) => boolean, namespace?: string): Promise<ClusterNode[]> {
    const d = await this.session.resources();
    if (!d.ok) return this.failure(parent.id, d.error);
    const api = await this.session.api();
    if (!api.ok) return this.failure(parent.id, api.error);
    const ctx = this.session.activeContext() ?? '';
    const kinds = d.value.resources.filter(which).filter((r) => r.verbs.includes('list'));
    const showEmpty = this.ctx.settings().get<boolean>(SettingId.clusterShowEmptyKinds, false);
    const results = await Promise.all(
      kinds.map(async (r) => ({ r, c: await countObjects(api.value, collectionPath(r, namespace), this.session.timeoutMs()) })),
    );
    const out: ClusterNode[] = [];
    for (const { r, c } of results) {
      if (!c.ok) continue; // forbidden or unavailable kinds are left out (the log says why)
      // Pods, the lesson's kind, stay visible (dimmed) when empty, so a new pod has a place to appear.
      if (c.value.count === 0 && !showEmpty && !(r.group === '' && r.name === 'pods')) continue;
      const node = this.keep(parent.id, { type: 'kind', id: nodeIds.kind(ctx, r, namespace), context: ctx, resource: r, namespace });
      this.counts.set(node.id, c.value);
      out.push(node);
    }
    for (const { r, c } of results) if (!c.ok) this.ctx.log.info(`count of ${r.name}${namespace ? ` in ${namespace}` : ''}: ${c.error.message}`);
    return out;
  }

  private async objectsOf(kind: Extract<ClusterNode, { type: 'kind' }>): Promise<ClusterNode[]> {
    let list = this.lists.get(kind.id);
    if (!list) {
      const api = await this.session.api();
      if (!api.ok) return this.failure(kind.id, api.error);
      const created = new ListWatch(api.value, collectionPath(kind.resource, kind.namespace), { pageSize: this.session.pageSize(), timeoutMs: this.session.timeoutMs() }, {
        onChange: (state, repaint) => this.applied(kind, state, repaint),
        onStatus: (status) => {
          this.watchStatus.set(kind.id, status);
          if (status.kind === 'reconnecting') this.ctx.log.warn(`watch ${created.path}: ${status.failure.message} (attempt ${status.attempt})`);
          if (status.kind !== 'stopped') this.changed.fire(kind);
        },
      });
      list = created;
      this.lists.set(kind.id, list);
      const r = await list.start();
      if (!r.ok) {
        list.dispose();
        this.lists.delete(kind.id);
        return this.failure(kind.id, r.error);
      }
    }
    const state = list.state;
    return state ? this.objectNodes(kind, state) : [];
  }

  private objectNodes(kind: Extract<ClusterNode, { type: 'kind' }>, state: ListState): ClusterNode[] {
    if (state.total !== undefined) this.counts.set(kind.id, { count: state.total, exact: true });
    const out: ClusterNode[] = state.items.map((o) => {
      const id = nodeIds.object(kind.id, o);
      const existing = this.nodes.get(id) as Mutable<Extract<ClusterNode, { type: 'object' }>> | undefined;
      if (existing) {
        existing.object = o;
        return existing;
      }
      return this.keep(kind.id, { type: 'object', id, context: kind.context, resource: kind.resource, object: o });
    });
    if (state.continueToken) {
      const id = nodeIds.more(kind.id);
      const more = { type: 'more', id, parent: kind.id, loaded: state.items.length, total: state.total } as const;
      this.nodes.delete(id);
      out.push(this.keep(kind.id, more));
    }
    return out;
  }

  // --- watch events ---------------------------------------------------------

  private applied(kind: Extract<ClusterNode, { type: 'kind' }>, state: ListState, repaint: Repaint): void {
    if (state.total !== undefined) this.counts.set(kind.id, { count: state.total, exact: true });
    if (repaint.what === 'item') {
      const o = state.items.find((x) => objectKey(x) === repaint.key);
      const node = o ? (this.nodes.get(nodeIds.object(kind.id, o)) as Mutable<Extract<ClusterNode, { type: 'object' }>> | undefined) : undefined;
      if (node && o) {
        node.object = o;
        this.changed.fire(node);
        return;
      }
    }
    // A node appeared or went: the kind's children (and its count) change.
    const live = new Set(state.items.map((o) => nodeIds.object(kind.id, o)));
    for (const [id, parent] of this.parents) {
      if (parent === kind.id && !live.has(id)) {
        this.stopUnder(id);
        this.nodes.delete(id);
        this.parents.delete(id);
      }
    }
    this.changed.fire(kind);
  }

  // --- helpers ----------------------------------------------------------------

  private keep<T extends ClusterNode>(parent: string | undefined, node: T): T {
    const existing = this.nodes.get(node.id);
    if (existing && existing.type === node.type && node.type !== 'context' && node.type !== 'message' && node.type !== 'more') {
      Object.assign(existing, node);
      return existing as T;
    }
    this.nodes.set(node.id, node);
    if (parent !== undefined) this.parents.set(node.id, parent);
    return node;
  }

  private message(parent: string, text: string, severity: 'info' | 'error', action?: MessageAction, detail?: string): ClusterNode {
    const node = { type: 'message', id: `${parent}/!${text}`, text, severity, action, detail } as const;
    this.nodes.set(node.id, node);
    if (parent) this.parents.set(node.id, parent);
    return node;
  }

  private failure(parent: string, f: Failure): ClusterNode[] {
    const action: MessageAction = f.code.startsWith('kubeconfig.') ? 'pickKubeconfig' : 'retry';
    return [this.message(parent, describeFailure(f), 'error', action, parent)];
  }

  private stopUnder(prefix: string): void {
    for (const [id, list] of [...this.lists]) {
      if (id.startsWith(prefix)) {
        list.dispose();
        this.lists.delete(id);
        this.watchStatus.delete(id);
      }
    }
  }
}

function messageCommand(action: MessageAction, detail?: string): vscode.Command {
  switch (action) {
    case 'retry':
      return { command: CommandId.clusterRefreshNode, title: vscode.l10n.t('Retry'), arguments: [detail] };
    case 'pickKubeconfig':
      return { command: CommandId.clusterPickKubeconfig, title: vscode.l10n.t('Choose Kubeconfig…') };
    case 'openSettings':
      return { command: CommandId.openSettings, title: vscode.l10n.t('Open Settings') };
    case 'showLog':
      return { command: CommandId.showLog, title: vscode.l10n.t('Show Log') };
    case 'useContext':
      return { command: CommandId.clusterUseContext, title: vscode.l10n.t('Use Context'), arguments: [detail] };
  }
}
