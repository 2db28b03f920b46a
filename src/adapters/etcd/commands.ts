import * as vscode from 'vscode';
import { displayKey, etcdctlGet } from '../../core/etcd/keys';
import { KUBEADM_ETCD_MANIFEST, readKubeadmEtcd } from '../../infra/etcd/kubeadm';
import { CommandId, SecretKey } from '../../ids';
import { writeEtcd } from '../config';
import { changedFields, describeChanges } from '../../core/etcd/diff';
import { isSecretKey } from '../../core/kube/secrets';
import type { WatchEvent } from '../../infra/etcd/client';
import { describeFailure } from '../failures';
import { objectOf } from './documents';
import type { CommandTable } from '../services';
import type { EtcdNode } from './tree';

const keyOf = (n: unknown): Buffer | undefined => ((n as EtcdNode | undefined)?.type === 'dir' || (n as EtcdNode | undefined)?.type === 'leaf' ? (n as { key: Buffer }).key : undefined);
const watches = new Map<string, () => void>();
let watchLog: vscode.OutputChannel | undefined;

/** What a watch event changed in the object: created, deleted, or the fields that differ. */
async function describeWatchEvent(e: WatchEvent): Promise<string[]> {
  const key = displayKey(e.key);
  if (e.type === 'delete') return e.previous ? [vscode.l10n.t('deleted (it was {0} bytes)', e.previous.length)] : [];
  const [before, after] = await Promise.all([objectOf(e.previous), objectOf(e.value)]);
  if (!after) return [];
  if (!before) return [vscode.l10n.t('created: {0} {1}', String(after.kind ?? ''), key)];
  const changes = changedFields(before, after);
  return changes.length ? describeChanges(changes, isSecretKey(key)) : [vscode.l10n.t('no field changed (the same object written again)')];
}

export const etcdCommands: CommandTable<
  | typeof CommandId.etcdDetectKubeadm
  | typeof CommandId.etcdSetPassword
  | typeof CommandId.etcdLoadMore
  | typeof CommandId.etcdCopyKey
  | typeof CommandId.etcdCopyEtcdctl
  | typeof CommandId.etcdWatchPrefix
  | typeof CommandId.etcdStopWatch
> = {
  [CommandId.etcdDetectKubeadm]: ({ ctx, etcd }) => async () => {
    const guess = readKubeadmEtcd();
    if (!guess.ok) {
      void vscode.window.showErrorMessage(describeFailure(guess.error));
      return;
    }
    await writeEtcd(guess.value);
    ctx.log.info(`etcd settings from ${KUBEADM_ETCD_MANIFEST}: ${guess.value.endpoints.join(', ')}`);
    etcd.refresh();
  },
  [CommandId.etcdSetPassword]: ({ ctx, etcd }) => async () => {
    const pw = await vscode.window.showInputBox({ title: vscode.l10n.t('etcd password (kept in VS Code\'s secret storage)'), password: true, ignoreFocusOut: true });
    if (pw === undefined) return;
    await ctx.extension.secrets.store(SecretKey.etcdPassword, pw);
    etcd.refresh();
  },
  [CommandId.etcdLoadMore]: ({ etcd }) => (node) => etcd.loadMore(node as EtcdNode),
  [CommandId.etcdCopyKey]: () => async (node) => {
    const key = keyOf(node);
    if (!key) return;
    await vscode.env.clipboard.writeText(displayKey(key));
  },
  [CommandId.etcdCopyEtcdctl]: ({ etcdSession }) => async (node) => {
    const key = keyOf(node);
    if (!key) return;
    // The flags of the connection in use (settings, or the lab's files).
    const r = await etcdSession.open();
    const tls = r?.ok ? r.value.settings : { endpoints: [] };
    const line = etcdctlGet(key, tls, { prefix: (node as EtcdNode).type === 'dir' });
    if (line === undefined) {
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} holds a NUL byte, which no shell can pass to etcdctl.', displayKey(key)));
      return;
    }
    await vscode.env.clipboard.writeText(line);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied: {0}', line), 4000);
  },
  [CommandId.etcdWatchPrefix]: ({ ctx, etcdSession }) => async (node) => {
    const prefix = keyOf(node) ?? Buffer.alloc(0);
    const id = prefix.toString('hex');
    if (watches.has(id)) return;
    const r = await etcdSession.open();
    if (!r?.ok) {
      void vscode.window.showErrorMessage(r ? describeFailure(r.error) : vscode.l10n.t('Not connected to etcd'));
      return;
    }
    if (!watchLog) {
      watchLog = ctx.own(vscode.window.createOutputChannel(vscode.l10n.t('KubeLab: etcd watch')));
      // Watches end with the extension, and the channel is made anew next time.
      ctx.own({
        dispose: () => {
          for (const stop of watches.values()) stop();
          watches.clear();
          watchLog = undefined;
        },
      });
    }
    const log = watchLog;
    const shown = displayKey(prefix) || '/';
    // Events are decoded in order: each waits for the one before it.
    let queue = Promise.resolve();
    const stop = await r.value.watch(
      prefix,
      (e) => {
        queue = queue.then(async () => {
          log.appendLine(`rev ${e.modRevision}  ${e.type.toUpperCase().padEnd(6)}  ${displayKey(e.key)}  (${e.size} bytes)`);
          for (const line of await describeWatchEvent(e)) log.appendLine(`    ${line}`);
        }).catch((err) => ctx.log.warn(`etcd watch: ${(err as Error).message}`));
      },
      undefined,
      undefined,
      { values: true },
    );
    if (!stop.ok) {
      void vscode.window.showErrorMessage(describeFailure(stop.error));
      return;
    }
    watches.set(id, stop.value);
    log.appendLine(vscode.l10n.t('Watching {0} (KubeLab: Stop Watching to end)', shown));
    log.show(true);
  },
  [CommandId.etcdStopWatch]: () => (node) => {
    const id = (keyOf(node) ?? Buffer.alloc(0)).toString('hex');
    for (const [k, stop] of watches) {
      if (node === undefined || k === id) {
        stop();
        watches.delete(k);
      }
    }
  },
};
