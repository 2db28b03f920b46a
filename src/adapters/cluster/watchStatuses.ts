/**
 * How the Cluster view's watches are doing: each node's (shown beside it as
 * "reconnecting…"), and, while any of them cannot reach the API server, the
 * view's message saying so.
 */
import * as vscode from 'vscode';
import type { ListWatchStatus } from '../../infra/kube/listWatch';
import { describeFailure } from '../failures';
import type { Log } from '../log';

type Reconnecting = Extract<ListWatchStatus, { kind: 'reconnecting' }>;

export class WatchStatuses {
  private readonly byNode = new Map<string, ListWatchStatus>();

  constructor(
    private readonly log: Log,
    private readonly showMessage: (message: string | undefined) => void,
  ) {}

  get(id: string): ListWatchStatus | undefined {
    return this.byNode.get(id);
  }

  /** Records a watch's state; true when the node's look changed (it must repaint). */
  set(id: string, status: ListWatchStatus, what: string): boolean {
    const before = this.byNode.get(id)?.kind;
    if (status.kind === 'stopped') this.byNode.delete(id);
    else this.byNode.set(id, status);
    if (status.kind === 'reconnecting') this.log.warn(`watch ${what}: ${status.failure.message} (attempt ${status.attempt})`);
    const reconnecting = [...this.byNode.values()].find((s): s is Reconnecting => s.kind === 'reconnecting');
    this.showMessage(
      reconnecting
        ? vscode.l10n.t('The API server does not answer: {0} KubeLab reconnects by itself and keeps what it showed.', describeFailure(reconnecting.failure))
        : undefined,
    );
    return status.kind !== 'stopped' && before !== status.kind;
  }

  forget(id: string): void {
    this.byNode.delete(id);
  }
}
