/**
 * The Cluster view: contexts → Nodes, Namespaces (→ their kinds), Cluster resources; kinds found
 * by discovery and counted live (infra/kube/kindCounts.ts); objects a page at a time, kept live by
 * a watch per expanded kind. Ids nest (nodeStore.ts): `getParent` comes from the id, a refresh or
 * collapse stops every watch below the node, and expanded nodes stay expanded when repainted.
 */
import * as vscode from 'vscode';
import { CORE_NAMESPACES, CORE_NODES, collectionPath, type ApiResource } from '../../core/kube/resources';
import type { ListState, Repaint } from '../../core/kube/listState';
import { objectKey } from '../../core/kube/listState';
import { isUnder, lookOf, nodeIds, parentIdOf, type ClusterNode } from '../../core/kube/treeModel';
import { ListWatch, type ListWatchStatus } from '../../infra/kube/listWatch';
import type { Ctx } from '../ctx';
import { describeFailure } from '../failures';
import { findByPath } from './findByPath';
import { KindCounts } from '../../infra/kube/kindCounts';
import { NodeStore } from './nodeStore';
import { Watches } from './watches';
import { WatchStatuses } from './watchStatuses';
import { clusterTreeItem } from './treeItem';
import type { ClusterSession } from './session';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type KindNode = Extract<ClusterNode, { type: 'kind' }>;
type ObjectNode = Extract<ClusterNode, { type: 'object' }>;

export class ClusterTree implements vscode.TreeDataProvider<ClusterNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ClusterNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new NodeStore();
  private readonly expanded = new Set<string>();
  private readonly watches = new Watches();
  private readonly lists = this.watches.lists;
  private readonly kindCounts = this.watches.counts;
  private readonly watchStatus: WatchStatuses;
  private view?: vscode.TreeView<ClusterNode>;

  constructor(
    private readonly ctx: Ctx,
    private readonly session: ClusterSession,
  ) {
    this.watchStatus = new WatchStatuses(ctx.log, (m) => {
      if (this.view) this.view.message = m;
    });
  }

  attach(view: vscode.TreeView<ClusterNode>): void {
    this.view = view;
    this.ctx.own(view.onDidExpandElement((e) => this.expanded.add(e.element.id)));
    this.ctx.own(
      view.onDidCollapseElement((e) => {
        for (const id of [...this.expanded]) if (isUnder(id, e.element.id)) this.expanded.delete(id);
        this.stopUnder(e.element.id);
      }),
    );
  }

  /** Forgets one subtree (or everything) and asks VS Code to read it again. */
  refresh(node?: ClusterNode): void {
    if (!node) {
      this.stopUnder('');
      this.nodes.clear();
      this.session.reset();
      this.changed.fire(undefined);
      return;
    }
    this.stopUnder(node.id);
    this.nodes.forgetBelow(node.id);
    this.changed.fire(node);
  }

  refreshById(id: string | undefined): void {
    this.refresh(id === undefined ? undefined : this.nodes.get(id));
  }

  dispose(): void {
    this.stopUnder('');
    this.changed.dispose();
  }

  /** The ids of the nodes whose watches run now (object lists and kind counts), for tests. */
  liveWatches(): string[] {
    return this.watches.ids();
  }

  /** The view's message (an API server that does not answer), for tests. */
  viewMessage(): string | undefined {
    return this.view?.message;
  }

  /** What the view has selected (after reveal, the revealed item). */
  selection(): readonly ClusterNode[] {
    return this.view?.selection ?? [];
  }

  getParent(node: ClusterNode): ClusterNode | undefined {
    return this.nodes.parentOf(node);
  }

  getTreeItem(node: ClusterNode): vscode.TreeItem {
    return clusterTreeItem(node, lookOf(node, Date.now(), this.countOf(node), vscode.l10n.t), this.expanded.has(node.id), this.watchStatus.get(node.id));
  }

  async getChildren(node?: ClusterNode): Promise<ClusterNode[]> {
    try {
      if (!node) return this.roots();
      switch (node.type) {
        case 'context':
          return node.active
            ? await this.contextChildren(node)
            : [this.nodes.message(node.id, vscode.l10n.t('Not the context KubeLab uses. Click to use it.'), 'action', 'useContext', node.context.name)];
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
      return [this.nodes.message(node?.id ?? '', vscode.l10n.t('Something went wrong: {0}', (e as Error).message), 'error', 'showLog')];
    }
  }

  /** Loads the next page under a "Load more" item. */
  async loadMore(more: ClusterNode): Promise<void> {
    if (more.type === 'more') await this.nextPage(more.parent);
  }

  /**
   * Expands the tree down to the object at a REST path (`/api/v1/nodes/x`,
   * `/api/v1/namespaces/ns/pods/x`) and selects it; undefined when it is not there.
   */
  async reveal(path: string): Promise<ClusterNode | undefined> {
    const object = await findByPath(this, path);
    if (object && this.view) await this.view.reveal(object, { select: true, focus: true, expand: false });
    return object;
  }

  /** Loads the next page of a kind's objects (Load more, or a reveal past the first page); false when there is none. */
  async nextPage(kindId: string): Promise<boolean> {
    const list = this.lists.get(kindId);
    if (!list?.state?.continueToken) return false;
    const r = await list.loadMore();
    if (!r.ok) void vscode.window.showErrorMessage(vscode.l10n.t('Could not load more: {0}', describeFailure(r.error)));
    return r.ok;
  }

  // --- levels -------------------------------------------------------------

  private roots(): ClusterNode[] {
    const k = this.session.kubeconfig();
    // No kubeconfig at all: the view's welcome content says what to do.
    if (!k.ok)
      return k.error.code === 'kubeconfig.missing'
        ? []
        : [...this.nodes.failure('', k.error), this.nodes.message('', vscode.l10n.t('Open KubeLab Settings'), 'action', 'openSettings')];
    const active = this.session.activeContext();
    return k.value.contexts.map((c) => this.nodes.keep({ type: 'context', id: nodeIds.context(c.name), context: c, active: c.name === active }));
  }

  private async contextChildren(node: Extract<ClusterNode, { type: 'context' }>): Promise<ClusterNode[]> {
    const d = await this.session.resources();
    if (!d.ok) return this.nodes.failure(node.id, d.error);
    const kind = (want: typeof CORE_NODES | typeof CORE_NAMESPACES, title: string) => {
      const resource = d.value.resources.find((r) => r.group === '' && r.name === want.name) ?? { ...want, verbs: ['list', 'watch'] };
      return this.nodes.keep({ type: 'kind', id: nodeIds.kind(node.id, want), context: node.context.name, resource, title });
    };
    return [
      kind(CORE_NODES, vscode.l10n.t('Nodes')),
      kind(CORE_NAMESPACES, vscode.l10n.t('Namespaces')),
      this.nodes.keep({ type: 'group', id: nodeIds.group(node.id), context: node.context.name, group: 'cluster' }),
    ];
  }

  /** The kinds under a namespace or Cluster resources, from their live counts. */
  private async kindsOf(parent: ClusterNode, which: (r: ApiResource) => boolean, namespace?: string): Promise<ClusterNode[]> {
    let counts = this.kindCounts.get(parent.id);
    if (!counts) {
      const d = await this.session.resources();
      if (!d.ok) return this.nodes.failure(parent.id, d.error);
      const api = await this.session.api();
      if (!api.ok) return this.nodes.failure(parent.id, api.error);
      const c = this.ctx.config();
      const kinds = d.value.resources.filter(which).filter((r) => r.verbs.includes('list') && r.verbs.includes('watch'));
      const started = await KindCounts.start(
        api.value,
        kinds,
        namespace,
        { timeoutMs: c.requestMs, watchSeconds: c.watchSeconds },
        {
          onCount: (r, shown) => {
            const kind = this.nodes.get(nodeIds.kind(parent.id, r));
            this.changed.fire(shown || !kind ? parent : kind);
          },
          onStatus: (r, s) => this.statusOf(parent, s, r.name),
        },
      );
      if (!started.ok) return this.nodes.failure(parent.id, started.error);
      for (const s of started.skipped) this.ctx.log.info(`count of ${s.resource.name}${namespace ? ` in ${namespace}` : ''}: ${s.failure.message}`);
      if (this.kindCounts.has(parent.id))
        started.value.dispose(); // another expansion was quicker
      else this.kindCounts.set(parent.id, started.value);
      counts = this.kindCounts.get(parent.id) as KindCounts;
    }
    const showEmpty = this.ctx.config().cluster.showEmptyKinds;
    const ctx = this.session.activeContext() ?? '';
    // Pods, the lesson's kind, stay visible (dimmed) when empty, so a new pod has a place to appear.
    return counts
      .current()
      .filter((k) => k.count > 0 || showEmpty || (k.resource.group === '' && k.resource.name === 'pods'))
      .map((k) =>
        this.nodes.keep({ type: 'kind', id: nodeIds.kind(parent.id, k.resource), context: ctx, resource: k.resource, ...(namespace ? { namespace } : {}) }),
      );
  }

  private async objectsOf(kind: KindNode): Promise<ClusterNode[]> {
    let list = this.lists.get(kind.id);
    if (!list) {
      const api = await this.session.api();
      if (!api.ok) return this.nodes.failure(kind.id, api.error);
      const c = this.ctx.config();
      const created = new ListWatch(
        api.value,
        collectionPath(kind.resource, kind.namespace),
        { pageSize: c.cluster.pageSize, timeoutMs: c.requestMs, watchTimeoutSeconds: c.watchSeconds },
        {
          onChange: (state, repaint) => this.applied(kind, state, repaint),
          onStatus: (status) => this.statusOf(kind, status, created.path),
        },
      );
      list = created;
      this.lists.set(kind.id, list);
      const r = await list.start();
      if (!r.ok) {
        list.dispose();
        this.lists.delete(kind.id);
        return this.nodes.failure(kind.id, r.error);
      }
    }
    return list.state ? this.objectNodes(kind, list.state) : [];
  }

  private objectNodes(kind: KindNode, state: ListState): ClusterNode[] {
    const out: ClusterNode[] = state.items.map((o) =>
      this.nodes.keep({ type: 'object', id: nodeIds.object(kind.id, o), context: kind.context, resource: kind.resource, object: o }),
    );
    if (state.continueToken) {
      const id = nodeIds.more(kind.id);
      out.push(this.nodes.keep({ type: 'more', id, parent: kind.id, loaded: state.items.length, total: state.total }));
    }
    return out;
  }

  // --- live updates -----------------------------------------------------------

  private applied(kind: KindNode, state: ListState, repaint: Repaint): void {
    if (repaint.what === 'item') {
      const o = state.items.find((x) => objectKey(x) === repaint.key);
      const node = o ? (this.nodes.get(nodeIds.object(kind.id, o)) as Mutable<ObjectNode> | undefined) : undefined;
      if (node && o) {
        node.object = o;
        this.changed.fire(node);
        return;
      }
    }
    // An object appeared or went: the kind's children (and its count) change.
    for (const id of this.nodes.goneObjects(kind.id, new Set(state.items.map((o) => nodeIds.object(kind.id, o))))) {
      this.stopUnder(id);
      this.nodes.forgetBelow(id, false);
    }
    this.changed.fire(kind);
  }

  /** A watch's state shows on its node, and a lost API server in the view's message. */
  private statusOf(node: ClusterNode, status: ListWatchStatus, what: string): void {
    if (this.watchStatus.set(node.id, status, what) && this.nodes.get(node.id) === node) this.changed.fire(node);
  }

  // --- helpers ----------------------------------------------------------------

  private countOf(node: ClusterNode): { count: number; exact: boolean } | undefined {
    if (node.type !== 'kind') return undefined;
    const list = this.lists.get(node.id)?.state;
    if (list?.total !== undefined) return { count: list.total, exact: true };
    const parent = parentIdOf(node.id);
    return parent === undefined
      ? undefined
      : this.kindCounts
          .get(parent)
          ?.current()
          .find((k) => k.resource === node.resource || (k.resource.group === node.resource.group && k.resource.name === node.resource.name));
  }

  private stopUnder(ancestor: string): void {
    this.watches.stopUnder(ancestor, (id) => this.watchStatus.forget(id));
  }
}
