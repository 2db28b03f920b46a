import type { Ctx } from './ctx';
import type { ClusterTree } from './cluster/tree';
import type { ClusterSession } from './cluster/session';
import type { EtcdDocuments } from './etcd/documents';
import type { EtcdSession } from './etcd/session';
import type { EtcdTree } from './etcd/tree';
import type { LessonRunner } from './lesson/runner';
import type { CommandIdValue } from '../ids';

/** What commands work with; built once by the composition root. */
export interface Services {
  readonly ctx: Ctx;
  readonly cluster: ClusterTree;
  readonly clusterSession: ClusterSession;
  readonly etcd: EtcdTree;
  readonly etcdSession: EtcdSession;
  readonly etcdDocuments: EtcdDocuments;
  readonly lesson: LessonRunner;
}

/** Every command has the same shape: a factory of its handler. */
export type CommandFactory = (s: Services) => (...args: unknown[]) => unknown;
export type CommandTable<K extends CommandIdValue> = Record<K, CommandFactory>;
