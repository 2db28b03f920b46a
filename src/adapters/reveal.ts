import * as vscode from 'vscode';
import { ViewId } from '../ids';
import type { Command, Services } from './services';

/** Shows KubeLab's views and selects what `find` reveals there; says so when it is not there. */
async function reveal(what: unknown, find: (w: string) => Promise<unknown>, notThere: (w: string) => string): Promise<boolean> {
  if (typeof what !== 'string') return false;
  await vscode.commands.executeCommand(`workbench.view.extension.${ViewId.container}`);
  const found = (await find(what)) !== undefined;
  if (!found) void vscode.window.showInformationMessage(notThere(what));
  return found;
}

/** An object, by its REST path, in the Cluster view. */
export const revealInCluster = (s: Services, path: unknown) =>
  reveal(
    path,
    (p) => s.cluster.reveal(p),
    (p) => vscode.l10n.t('{0} is not in the Cluster view: it does not exist (yet), or KubeLab is connected to another cluster.', p),
  );

/** A key in the etcd view. */
export const revealInEtcd = (s: Services, key: unknown) =>
  reveal(
    key,
    (k) => s.etcd.reveal(k),
    (k) => vscode.l10n.t('There is no key {0} in etcd (yet), or KubeLab is not connected to etcd.', k),
  );

/** `kubelab.clusterReveal` with a REST path (the lesson's buttons). */
export const clusterReveal: Command = (s) => (t) => revealInCluster(s, t.kind === 'text' ? t.text : undefined);

/** `kubelab.etcdReveal` with a key (the lesson's buttons). */
export const etcdReveal: Command = (s) => (t) => revealInEtcd(s, t.kind === 'text' ? t.text : undefined);
