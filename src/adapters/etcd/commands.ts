/** The etcd view's commands: connect, detect, password, paging, copy, watch. */
import * as vscode from 'vscode';
import { parseEtcdEndpoints } from '../../core/etcdEndpoints';
import { displayKey, etcdctlGet } from '../../core/etcd/keys';
import { KUBEADM_ETCD_MANIFEST, readKubeadmEtcd } from '../../infra/etcd/kubeadm';
import { SecretKey, ViewId } from '../../ids';
import { writeEtcd } from '../config';
import { describeFailure } from '../failures';
import type { Command } from '../services';
import { etcdKeyOf } from '../targets';

export const etcdRefresh: Command = (s) => () => s.etcd.refresh();

/** Endpoints, then the CA, client certificate and key, saved as user settings. */
export const etcdConnect: Command = (s) => async () => {
  const current = s.ctx.config().connections.etcd?.tls.endpoints ?? [];
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
  await s.etcdSession.useThroughCluster(false);
  s.ctx.log.info(`etcd endpoints set to ${endpoints.value.join(', ')}`);
  s.etcd.refresh();
};

/**
 * etcd with nothing but the kubeconfig: the etcd pods of the Cluster view's context, their
 * certificates read through pods/exec into memory, their client port forwarded. The choice is
 * kept for this workspace; Connect to etcd… or Detect from kubeadm go back to settings.
 */
export const etcdConnectThroughCluster: Command = (s) => async () => {
  await s.etcdSession.useThroughCluster(true);
  s.etcd.refresh(); // the view reads through the new route; the status below shares its connection
  const st = await vscode.window.withProgress({ location: { viewId: ViewId.etcd }, title: vscode.l10n.t('Connecting to etcd through the cluster…') }, () =>
    s.etcdSession.refreshStatus(),
  );
  if (!st.ok) void vscode.window.showErrorMessage(describeFailure(st.error));
};

export const etcdDetectKubeadm: Command = (s) => async () => {
  const guess = readKubeadmEtcd();
  if (!guess.ok) {
    void vscode.window.showErrorMessage(describeFailure(guess.error));
    return;
  }
  await writeEtcd(guess.value);
  await s.etcdSession.useThroughCluster(false);
  s.ctx.log.info(`etcd settings from ${KUBEADM_ETCD_MANIFEST}: ${guess.value.endpoints.join(', ')}`);
  s.etcd.refresh();
};

export const etcdSetPassword: Command = (s) => async () => {
  const pw = await vscode.window.showInputBox({
    title: vscode.l10n.t("etcd password (kept in VS Code's secret storage)"),
    password: true,
    ignoreFocusOut: true,
  });
  if (pw === undefined) return;
  await s.ctx.extension.secrets.store(SecretKey.etcdPassword, pw);
  s.etcd.refresh();
};

export const etcdLoadMore: Command = (s) => (t) => (t.kind === 'etcd' ? s.etcd.loadMore(t.node) : undefined);

export const etcdCopyKey: Command = () => async (t) => {
  const k = etcdKeyOf(t);
  if (k) await vscode.env.clipboard.writeText(displayKey(k.key));
};

/** The lesson's etcdctl line for a key (or `--prefix --keys-only` for a directory), built from the key's bytes. */
export const etcdCopyEtcdctl: Command = (s) => async (t) => {
  const k = etcdKeyOf(t);
  if (!k) return;
  // The flags of the connection in use (settings, or the lab's files); through the cluster, the
  // etcd pod's own endpoint and files, for etcdctl run in it by kubectl exec.
  const r = await s.etcdSession.open();
  const settings = r?.ok ? r.value.settings : undefined;
  const pod = settings?.via?.pods[0];
  const tls =
    pod && settings?.via
      ? {
          endpoints: [pod.endpoint],
          caFile: pod.caFile,
          certFile: pod.certFile,
          keyFile: pod.keyFile,
          inPod: { context: settings.via.context, namespace: pod.namespace, name: pod.name, container: pod.container },
        }
      : (settings ?? { endpoints: [] });
  const line = etcdctlGet(k.key, tls, { prefix: k.dir });
  if (line === undefined) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} holds a NUL byte, which no shell can pass to etcdctl.', displayKey(k.key)));
    return;
  }
  await vscode.env.clipboard.writeText(line);
  void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied: {0}', line), 4000);
};

/** Watches a directory (or, from the view's title, everything). */
export const etcdWatchPrefix: Command = (s) => async (t) => {
  const r = await s.etcdSession.open();
  if (!r?.ok) {
    void vscode.window.showErrorMessage(r ? describeFailure(r.error) : vscode.l10n.t('Not connected to etcd'));
    return;
  }
  const started = await s.prefixWatches.start(r.value, (t.kind === 'etcd' ? etcdKeyOf(t)?.key : undefined) ?? Buffer.alloc(0));
  if (!started.ok) void vscode.window.showErrorMessage(describeFailure(started.error));
};

/** Replays a directory (or, from the palette, everything) from an earlier revision, then watches on. */
export const etcdWatchPrefixFrom: Command = (s) => async (t, revision) => {
  const r = await s.etcdSession.open();
  if (!r?.ok) {
    void vscode.window.showErrorMessage(r ? describeFailure(r.error) : vscode.l10n.t('Not connected to etcd'));
    return;
  }
  const prefix = (t.kind === 'etcd' ? etcdKeyOf(t)?.key : undefined) ?? Buffer.alloc(0);
  const st = await r.value.status();
  const now = st.ok ? BigInt(st.value.revision) : undefined;
  const rev =
    typeof revision === 'string' && /^\d+$/.test(revision)
      ? revision
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Replay {0} from revision…', displayKey(prefix) || '/'),
          prompt: vscode.l10n.t('The store is at revision {0}; etcd holds the revisions since its last compaction', now?.toString() ?? '?'),
          value: now !== undefined ? String(now > 100n ? now - 100n : 1n) : '1',
          validateInput: (v) => (/^\d+$/.test(v.trim()) && BigInt(v.trim()) > 0n ? undefined : vscode.l10n.t('A revision: a whole number from 1')),
        });
  if (!rev?.trim()) return;
  const started = await s.prefixWatches.start(r.value, prefix, rev.trim());
  if (!started.ok) void vscode.window.showErrorMessage(describeFailure(started.error));
};

/** Stops the watch of a directory; from the palette, every watch. */
export const etcdStopWatch: Command = (s) => (t) => s.prefixWatches.stop(t.kind === 'etcd' ? etcdKeyOf(t)?.key : undefined);
