import type { Ctx } from './ctx';
import type { ApiDocuments } from './cluster/documents';
import type { ClusterSession } from './cluster/session';
import type { ClusterTree } from './cluster/tree';
import type { EtcdDocuments } from './etcd/documents';
import type { PrefixWatches } from './etcd/prefixWatches';
import type { EtcdSession } from './etcd/session';
import type { EtcdTree } from './etcd/tree';
import type { HistoryTree } from './history/tree';
import type { RequestsTree } from './requests/tree';
import type { LessonChecks } from './lesson/checks';
import type { LessonRunner } from './lesson/runner';
import type { Target } from './targets';

/** What commands work with; built once, when KubeLab is first used (adapters/app.ts). */
export interface Services {
  readonly ctx: Ctx;
  readonly cluster: ClusterTree;
  readonly clusterSession: ClusterSession;
  readonly apiDocuments: ApiDocuments;
  readonly etcd: EtcdTree;
  readonly etcdSession: EtcdSession;
  readonly etcdDocuments: EtcdDocuments;
  readonly prefixWatches: PrefixWatches;
  readonly history: HistoryTree;
  readonly requests: RequestsTree;
  readonly lesson: LessonRunner;
  readonly checks: LessonChecks;
}

/**
 * Every command has the same shape: a factory of its handler, which gets the
 * target parsed from what VS Code passed (adapters/targets.ts) and any
 * further arguments as they came.
 */
export type Command = (s: Services) => (target: Target, ...rest: unknown[]) => unknown;
