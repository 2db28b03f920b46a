/** Requests: open one, filter the view, go from a write to the etcd version it made, show an object's requests. */
import * as vscode from 'vscode';
import type { AuditRequest } from '../../core/audit/event';
import { DEFAULT_FILTER, requestKey, type RequestFilter } from '../../core/audit/requests';
import { CommandId, ViewId } from '../../ids';
import { etcdDocumentUri } from '../etcd/documents';
import { describeFailure } from '../failures';
import type { Command, Services } from '../services';
import { clusterNodeOf } from '../targets';
import { requestUri } from './tree';

const requestOf = (t: Parameters<ReturnType<Command>>[0]): AuditRequest | undefined =>
  t.kind === 'request' && t.node.type === 'request' ? t.node.request : undefined;

/** The etcd key of the object a request touched. */
function keyOf(r: AuditRequest): Buffer | undefined {
  const k = requestKey(r);
  return k === undefined ? undefined : Buffer.from(k);
}

export const requestOpen: Command = () => async (t) => {
  const r = requestOf(t);
  if (!r) return undefined;
  const doc = await vscode.workspace.openTextDocument(requestUri(r));
  return vscode.window.showTextDocument(await vscode.languages.setTextDocumentLanguage(doc, 'jsonc'), { preview: true });
};

export const requestsFilter: Command = (s) => async () => {
  const f = s.requests.currentFilter();
  type Pick = vscode.QuickPickItem & { apply: () => Promise<RequestFilter | undefined> };
  const items: Pick[] = [
    { label: vscode.l10n.t('Writes only'), picked: f.writesOnly, apply: async () => ({ ...f, writesOnly: true }) },
    { label: vscode.l10n.t('All requests'), apply: async () => ({ ...f, writesOnly: false }) },
    {
      label: vscode.l10n.t('By user…'),
      apply: async () => {
        const u = await vscode.window.showQuickPick(s.requests.log.users(), { title: vscode.l10n.t('Requests by user') });
        return u ? { ...f, user: u } : undefined;
      },
    },
    {
      label: vscode.l10n.t('By resource…'),
      apply: async () => {
        const r = await vscode.window.showQuickPick(s.requests.log.resources(), { title: vscode.l10n.t('Requests for a resource') });
        return r ? { ...f, resource: r } : undefined;
      },
    },
    {
      label: vscode.l10n.t('By path text…'),
      apply: async () => {
        const text = await vscode.window.showInputBox({ title: vscode.l10n.t('Requests whose path contains'), value: f.text ?? '' });
        return text === undefined ? undefined : { ...f, text: text.trim() || undefined };
      },
    },
    { label: vscode.l10n.t('Clear filters'), apply: async () => DEFAULT_FILTER },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Filter Requests') });
  const next = await pick?.apply();
  if (next) s.requests.setFilter(next);
  return next;
};

/** A write's version in etcd: the key of its object at the revision its response named. */
export const requestOpenInEtcd: Command = () => async (t) => {
  const r = requestOf(t);
  const key = r && keyOf(r);
  if (!r?.resourceVersion || !key) return undefined;
  const uri = etcdDocumentUri(key, { revision: r.resourceVersion, decrypt: true });
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
};

/** VS Code's diff of the version a write made and the one before it. */
export const requestCompareWithBefore: Command = (s) => async (t) => {
  const r = requestOf(t);
  const key = r && keyOf(r);
  const rv = r?.resourceVersion;
  if (!rv || !key) return undefined;
  const opened = await s.etcdSession.open();
  if (!opened?.ok) {
    void vscode.window.showErrorMessage(opened ? describeFailure(opened.error) : vscode.l10n.t('Not connected to etcd'));
    return undefined;
  }
  // Two Ranges: the key at the write's revision, and as it was just before it (one revision earlier).
  const [here, before] = await Promise.all([opened.value.getAt(key, rv), opened.value.getAt(key, String(BigInt(rv) - 1n))]);
  const failed = [here, before].find((x) => !x.ok);
  if (failed && !failed.ok) {
    void vscode.window.showErrorMessage(describeFailure(failed.error));
    return undefined;
  }
  const [h, b] = [here.ok ? here.value : undefined, before.ok ? before.value : undefined];
  // The same life of the key, written at exactly this revision (a DELETE's revision holds no version).
  if (!h || h.modRevision !== rv || !b || b.createRevision !== h.createRevision) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('etcd holds no version of {0} before revision {1} to compare with (created there, deleted, or compacted).', key.toString(), rv),
    );
    return undefined;
  }
  await vscode.commands.executeCommand(
    'vscode.diff',
    etcdDocumentUri(key, { revision: b.modRevision, decrypt: true }),
    etcdDocumentUri(key, { revision: rv, decrypt: true }),
    vscode.l10n.t('{0}: rev {1} ↔ rev {2}', key.toString(), b.modRevision, rv),
  );
  return { before: b.modRevision, after: rv };
};

/** Shows the requests for one object (all verbs), newest first. */
export async function showRequestsFor(s: Services, object: NonNullable<RequestFilter['object']>): Promise<void> {
  s.requests.setFilter({ writesOnly: false, object });
  await vscode.commands.executeCommand(`${ViewId.requests}.focus`);
  await s.requests.poll();
}

export const clusterShowRequests: Command = (s) => async (t) => {
  const n = clusterNodeOf(t, 'object');
  if (!n) return;
  const m = n.object.metadata;
  await showRequestsFor(s, { resource: n.resource.name, ...(m.namespace ? { namespace: m.namespace } : {}), name: m.name });
};

export const requestsRefresh: Command = (s) => () => s.requests.poll();

/** From a version in the History view: the audited request that wrote it, selected in the Requests view and opened. */
export const historyShowRequest: Command = (s) => async (t) => {
  if (t.kind !== 'history' || t.node.type !== 'version') return undefined;
  const key = t.node.key.toString();
  const revision = t.node.row.entry.revision;
  s.requests.ensureFollowing();
  await s.requests.poll();
  const r = s.requests.log.writerOf(key, revision);
  const o = r?.objectRef;
  if (!r || !o?.resource || !o.name) {
    const source = s.requests.source();
    void vscode.window.showInformationMessage(
      source
        ? vscode.l10n.t(
            'No request in the audit log wrote revision {0} of {1}. KubeLab keeps the last {2} requests of {3} (kubelab.requests.keep); a write made straight to etcd, or before the log began, has none.',
            revision,
            key,
            s.ctx.config().requests.keep,
            source,
          )
        : vscode.l10n.t("KubeLab reads no audit log: set kubelab.requests.auditLog to the API server's --audit-log-path."),
    );
    return undefined;
  }
  await showRequestsFor(s, { resource: o.resource, ...(o.namespace ? { namespace: o.namespace } : {}), name: o.name });
  await s.requests.reveal(r);
  await vscode.commands.executeCommand(CommandId.requestOpen, { type: 'request', id: `requests/${r.auditID}`, request: r });
  return r;
};
