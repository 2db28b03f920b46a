import * as vscode from 'vscode';
import { parseEtcdEndpoints } from '../core/etcdEndpoints';
import { CommandId, EXTENSION_ID, SettingId, WalkthroughId, type CommandIdValue } from '../ids';
import type { Ctx } from './ctx';
import { describeFailure } from './failures';

export interface Views {
  refreshCluster(): void;
  refreshEtcd(): void;
}

type Factory = (ctx: Ctx, views: Views) => (...args: unknown[]) => unknown;

/** Every command has the same shape: a factory of its handler, collected here. */
const factories: Record<CommandIdValue, Factory> = {
  [CommandId.clusterRefresh]: (_ctx, views) => () => views.refreshCluster(),
  [CommandId.etcdRefresh]: (_ctx, views) => () => views.refreshEtcd(),
  [CommandId.showLog]: (ctx) => () => ctx.log.show(),
  [CommandId.openSettings]: () => () =>
    vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${EXTENSION_ID}`),
  [CommandId.openWalkthrough]: () => () =>
    vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${WalkthroughId.lesson}`, false),
  [CommandId.clusterPickKubeconfig]: (ctx, views) => async () => {
    const picked = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Choose a kubeconfig file'),
      canSelectMany: false,
      openLabel: vscode.l10n.t('Use this kubeconfig'),
    });
    const file = picked?.[0];
    if (!file) return;
    await ctx.settings().update(SettingId.kubeconfig, file.fsPath, vscode.ConfigurationTarget.Global);
    ctx.log.info(`kubeconfig set to ${file.fsPath}`);
    views.refreshCluster();
  },
  [CommandId.etcdConnect]: (ctx, views) => async () => {
    const current = ctx.settings().get<string[]>(SettingId.etcdEndpoints, []);
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
    const files: Array<[string, string]> = [
      [SettingId.etcdCaFile, vscode.l10n.t('Connect to etcd (2/4): CA certificate (ca.crt)')],
      [SettingId.etcdCertFile, vscode.l10n.t('Connect to etcd (3/4): client certificate (e.g. peer.crt)')],
      [SettingId.etcdKeyFile, vscode.l10n.t('Connect to etcd (4/4): client key (e.g. peer.key)')],
    ];
    const chosen: Array<[string, string]> = [];
    for (const [setting, title] of files) {
      const picked = await vscode.window.showOpenDialog({ title, canSelectMany: false, openLabel: vscode.l10n.t('Select') });
      if (!picked?.[0]) return;
      chosen.push([setting, picked[0].fsPath]);
    }
    const settings = ctx.settings();
    await settings.update(SettingId.etcdEndpoints, endpoints.value, vscode.ConfigurationTarget.Global);
    for (const [setting, path] of chosen) {
      await settings.update(setting, path, vscode.ConfigurationTarget.Global);
    }
    ctx.log.info(`etcd endpoints set to ${endpoints.value.join(', ')}`);
    views.refreshEtcd();
  },
};

export function registerCommands(ctx: Ctx, views: Views): void {
  for (const [id, factory] of Object.entries(factories)) {
    const handler = factory(ctx, views);
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
