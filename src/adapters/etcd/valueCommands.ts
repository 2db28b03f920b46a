/**
 * The etcd value document's commands: open a key's value, toggle between the
 * decoded object and its raw bytes, reveal a Secret's data (after asking), and
 * Open via API (the same object as the API server serves it). Also the Cluster
 * view's Show in etcd, which reveals an object's key and opens its value.
 */
import * as vscode from 'vscode';
import { classifyValue } from '../../core/etcd/envelope';
import { displayKey } from '../../core/etcd/keys';
import { isSecretKey, isSecretPath } from '../../core/kube/secrets';
import { objectPath } from '../../core/kube/resources';
import { etcdKeyOf, isBuiltInGroup } from '../../core/kube/storageKeys';
import type { ClusterNode } from '../../core/kube/treeModel';
import { API_DOCUMENT_SCHEME, CommandId } from '../../ids';
import { apiDocumentUri, parseApiDocumentUri } from '../cluster/documents';
import { describeFailure } from '../failures';
import { revealInEtcd } from '../reveal';
import type { CommandTable, Services } from '../services';
import { decodeStored, etcdDocumentUri, parseEtcdDocumentUri, type EtcdDocOptions } from './documents';
import type { EtcdNode } from './tree';

const keyOf = (n: unknown): Buffer | undefined => {
  if (n instanceof vscode.Uri) return parseEtcdDocumentUri(n).key;
  const node = n as EtcdNode | undefined;
  if (node?.type === 'leaf' || node?.type === 'dir') return node.key;
  const active = vscode.window.activeTextEditor?.document.uri;
  return n === undefined && active ? parseEtcdDocumentUri(active).key : undefined;
};
const optionsOf = (n: unknown): EtcdDocOptions => {
  const uri = n instanceof vscode.Uri ? n : vscode.window.activeTextEditor?.document.uri;
  return uri ? parseEtcdDocumentUri(uri) : {};
};

async function confirmReveal(what: string): Promise<boolean> {
  const show = vscode.l10n.t('Show Secret Data');
  const pick = await vscode.window.showWarningMessage(
    vscode.l10n.t('Show the data of {0} in clear text?', what),
    { modal: true, detail: vscode.l10n.t('The values appear in the editor (not in any log). Close the document to hide them again.') },
    show,
  );
  return pick === show;
}

export async function openValue(s: Services, key: Buffer, o: EtcdDocOptions = {}): Promise<vscode.TextEditor> {
  const uri = etcdDocumentUri(key, o);
  let doc = await vscode.workspace.openTextDocument(uri);
  const language = s.etcdDocuments.languages.get(uri.toString());
  if (language && doc.languageId !== language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
  return vscode.window.showTextDocument(doc, { preview: true });
}

export const valueCommands: CommandTable<typeof CommandId.etcdOpenValue | typeof CommandId.etcdToggleRaw | typeof CommandId.etcdRevealSecret | typeof CommandId.etcdOpenViaApi | typeof CommandId.clusterShowInEtcd> = {
  [CommandId.etcdOpenValue]: (s) => async (node) => {
    const key = keyOf(node);
    if (key) await openValue(s, key);
  },
  [CommandId.etcdToggleRaw]: (s) => async (arg) => {
    const key = keyOf(arg);
    if (!key) return;
    const o = optionsOf(arg);
    await openValue(s, key, { ...o, view: o.view === 'raw' ? 'decoded' : 'raw' });
  },
  /** One rule for etcd values and API documents: a Secret's data shows only after the user confirms. */
  [CommandId.etcdRevealSecret]: (s) => async (arg) => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (uri?.scheme === API_DOCUMENT_SCHEME) {
      const doc = parseApiDocumentUri(uri);
      if (!isSecretPath(doc.path) || !(await confirmReveal(doc.path))) return;
      const shown = await vscode.workspace.openTextDocument(apiDocumentUri(doc.context, doc.path, { reveal: true }));
      await vscode.window.showTextDocument(await vscode.languages.setTextDocumentLanguage(shown, 'jsonc'), { preview: true });
      return;
    }
    const key = keyOf(arg);
    if (!key || !isSecretKey(displayKey(key))) return;
    if (await confirmReveal(displayKey(key))) await openValue(s, key, { ...optionsOf(arg), reveal: true });
  },
  [CommandId.etcdOpenViaApi]: (s) => async (arg) => {
    const key = keyOf(arg);
    if (!key) return;
    const r = await s.etcdSession.open();
    const v = r?.ok ? await r.value.get(key) : undefined;
    if (!v?.ok || !v.value) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not read {0}: {1}', displayKey(key), v && !v.ok ? describeFailure(v.error) : vscode.l10n.t('not connected, or the key is gone')));
      return;
    }
    const stored = classifyValue(v.value.value);
    let object: Record<string, unknown> | undefined;
    if (stored.format === 'json') object = stored.value as Record<string, unknown>;
    if (stored.format === 'protobuf') {
      const d = (await decodeStored(stored.apiVersion, stored.kind, stored.raw)).decoded;
      object = d.ok ? d.object : d.partial;
    }
    const meta = object?.metadata as { name?: string; namespace?: string } | undefined;
    const apiVersion = String(object?.apiVersion ?? '');
    const kind = String(object?.kind ?? '');
    if (!meta?.name || !kind) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} holds no API object KubeLab can name (it is {1}).', displayKey(key), stored.format));
      return;
    }
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    const d = await s.clusterSession.resources();
    const rs = d.ok ? d.value.resources.filter((x) => x.group === group && x.kind === kind && !x.name.includes('/')) : [];
    const resource = rs.find((x) => `${x.group ? `${x.group}/` : ''}${x.version}` === apiVersion) ?? rs[0];
    const context = s.clusterSession.activeContext();
    if (!resource || !context) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The API server KubeLab is connected to does not serve {0} {1}: is the Cluster view on the same cluster as etcd?', apiVersion, kind));
      return;
    }
    const doc = await vscode.workspace.openTextDocument(apiDocumentUri(context, objectPath(resource, meta.name, meta.namespace)));
    await vscode.window.showTextDocument(await vscode.languages.setTextDocumentLanguage(doc, 'jsonc'), { preview: true });
  },
  [CommandId.clusterShowInEtcd]: (s) => async (node) => {
    const n = node as ClusterNode | undefined;
    if (n?.type !== 'object') return;
    const key = etcdKeyOf({ group: n.resource.group, resource: n.resource.name, namespace: n.object.metadata.namespace, name: n.object.metadata.name }, isBuiltInGroup);
    if (await revealInEtcd(s, key)) await openValue(s, Buffer.from(key));
  },
};
