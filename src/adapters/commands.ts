import * as vscode from 'vscode';
import { parseEtcdEndpoints } from '../core/etcdEndpoints';
import { CommandId, EXTENSION_ID, WalkthroughId, type CommandIdValue } from '../ids';
import { writeEtcd, writeKubeconfig } from './config';
import { clusterCommands } from './cluster/commands';
import { etcdCommands } from './etcd/commands';
import { lessonCommands } from './lesson/commands';
import { valueCommands } from './etcd/valueCommands';
import { describeFailure } from './failures';
import { revealInCluster, revealInEtcd } from './reveal';
import type { CommandFactory, Services } from './services';

/** Every command's factory, collected here; the type makes sure none is missing. */
const factories: Record<CommandIdValue, CommandFactory> = {
  ...clusterCommands,
  ...etcdCommands,
  ...lessonCommands,
  ...valueCommands,
  [CommandId.clusterReveal]: (s) => (path: unknown) => revealInCluster(s, path),
  [CommandId.etcdReveal]: (s) => (key: unknown) => revealInEtcd(s, key),
  [CommandId.clusterRefresh]: (s) => () => s.cluster.refresh(),
  [CommandId.etcdRefresh]: (s) => () => s.etcd.refresh(),
  [CommandId.showLog]: (s) => () => s.ctx.log.show(),
  [CommandId.openSettings]: () => () =>
    vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${EXTENSION_ID}`),
  [CommandId.openWalkthrough]: () => () =>
    vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${WalkthroughId.lesson}`, false),
  [CommandId.clusterPickKubeconfig]: ({ ctx, cluster }) => async () => {
    const picked = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Choose a kubeconfig file'),
      canSelectMany: false,
      openLabel: vscode.l10n.t('Use this kubeconfig'),
    });
    const file = picked?.[0];
    if (!file) return;
    await writeKubeconfig(file.fsPath);
    ctx.log.info(`kubeconfig set to ${file.fsPath}`);
    cluster.refresh();
  },
  [CommandId.etcdConnect]: ({ ctx, etcd }) => async () => {
    const current = ctx.config().connections.etcd?.tls.endpoints ?? [];
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Connect to etcd (1/4): endpoints'),
      prompt: vscode.l10n.t('One or more etcd client URLs, separated by commas'),
      value: current.join(', ') || 'https://127.0.0.1:2379',
      ignoreFocusOut: true,
      validateInput: (v) => {
        const r = parseEtcdEndpoints(v);
        return r.ok ? undefined : describeFailure(r.error);
      },
    });
    if (typed === undefined) return;
    const endpoints = parseEtcdEndpoints(typed);
    if (!endpoints.ok) return;
    const titles = [
      vscode.l10n.t('Connect to etcd (2/4): CA certificate (ca.crt)'),
      vscode.l10n.t('Connect to etcd (3/4): client certificate (e.g. peer.crt)'),
      vscode.l10n.t('Connect to etcd (4/4): client key (e.g. peer.key)'),
    ];
    const chosen: string[] = [];
    for (const title of titles) {
      const picked = await vscode.window.showOpenDialog({ title, canSelectMany: false, openLabel: vscode.l10n.t('Select') });
      if (!picked?.[0]) return;
      chosen.push(picked[0].fsPath);
    }
    const [caFile, certFile, keyFile] = chosen;
    await writeEtcd({ endpoints: endpoints.value, caFile, certFile, keyFile });
    ctx.log.info(`etcd endpoints set to ${endpoints.value.join(', ')}`);
    etcd.refresh();
  },
};

export function registerCommands(services: Services): void {
  const { ctx } = services;
  for (const [id, factory] of Object.entries(factories)) {
    const handler = factory(services);
    ctx.own(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (e) {
          ctx.log.error(`command ${id} failed`, e);
          void vscode.window.showErrorMessage(
            vscode.l10n.t('KubeLab: {0} failed: {1}. See the KubeLab log for details.', id, e instanceof Error ? e.message : String(e)),
          );
          return undefined;
        }
      }),
    );
  }
}
