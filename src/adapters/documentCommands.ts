/**
 * The commands of KubeLab's read-only documents: open an etcd value, toggle
 * between the decoded object and its raw bytes, reveal a Secret's data (one
 * rule, and one confirmation, for etcd values and API documents), Open via API
 * (the object an etcd value holds, as the API server serves it) and Show in
 * etcd (a Cluster object's key, revealed and opened).
 */
import * as vscode from 'vscode';
import { classifyValue } from '../core/etcd/envelope';
import { displayKey } from '../core/etcd/keys';
import { isSecretKey, isSecretPath } from '../core/kube/secrets';
import { objectPath } from '../core/kube/resources';
import { apiDocumentUri } from './cluster/documents';
import { etcdDocumentUri, objectOf, type EtcdDocOptions } from './etcd/documents';
import { writeEncryptionConfig } from './config';
import { describeFailure } from './failures';
import { findEncryptionConfig } from '../infra/etcd/encryptionConfig';
import { revealInEtcd } from './reveal';
import type { Command, Services } from './services';
import { clusterObjectKey, etcdKeyOf, type Target } from './targets';

const optionsOf = (t: Target): EtcdDocOptions => (t.kind === 'etcdDocument' ? { view: t.view, reveal: t.reveal, decrypt: t.decrypt } : {});

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

/** Opens an API document as JSON with comments (a masked Secret carries one). */
export async function openApiDocument(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(await vscode.languages.setTextDocumentLanguage(doc, 'jsonc'), { preview: true });
}

export const etcdOpenValue: Command = (s) => async (t) => {
  const k = etcdKeyOf(t);
  if (k && !k.dir) await openValue(s, k.key);
};

export const etcdToggleRaw: Command = (s) => async (t) => {
  const k = etcdKeyOf(t);
  if (!k) return;
  const o = optionsOf(t);
  await openValue(s, k.key, { ...o, view: o.view === 'raw' ? 'decoded' : 'raw' });
};

/**
 * Decrypts a value encrypted at rest, in memory, with the keys of the EncryptionConfiguration (the
 * setting, the lab's, or the one a kubeadm node's kube-apiserver names); with none, offers to choose
 * the file. A Secret stays masked until Reveal.
 */
export const etcdDecrypt: Command = (s) => async (t) => {
  const k = etcdKeyOf(t);
  if (!k || k.dir) return;
  const c = s.ctx.config();
  if (!findEncryptionConfig(c.encryptionConfig, c.lab?.encryptionConfig)) {
    const choose = vscode.l10n.t('Choose EncryptionConfiguration…');
    const pick = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        'KubeLab needs the EncryptionConfiguration file of the cluster (kube-apiserver --encryption-provider-config) to decrypt {0}.',
        displayKey(k.key),
      ),
      choose,
    );
    if (pick !== choose) return;
    const files = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: vscode.l10n.t('Use for Decrypt') });
    if (!files?.[0]) return;
    await writeEncryptionConfig(files[0].fsPath);
  }
  // The file may have changed since this value was last decrypted (a rotation, another file chosen).
  s.etcdDocuments.refresh(etcdDocumentUri(k.key, { ...optionsOf(t), decrypt: true }));
  await openValue(s, k.key, { ...optionsOf(t), decrypt: true });
};

/** One rule for etcd values and API documents: a Secret's data shows only after the user confirms. */
export const revealSecretData: Command = (s) => async (t) => {
  if (t.kind === 'apiDocument') {
    if (isSecretPath(t.path) && (await confirmReveal(t.path))) await openApiDocument(apiDocumentUri(t.context, t.path, { reveal: true }));
    return;
  }
  const k = etcdKeyOf(t);
  if (k && isSecretKey(displayKey(k.key)) && (await confirmReveal(displayKey(k.key)))) await openValue(s, k.key, { ...optionsOf(t), reveal: true });
};

/** From an etcd key to the same object as the API server serves it. */
export const etcdOpenViaApi: Command = (s) => async (t) => {
  const k = etcdKeyOf(t);
  if (!k) return;
  const r = await s.etcdSession.open();
  const v = r?.ok ? await r.value.get(k.key) : undefined;
  if (!v?.ok || !v.value) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Could not read {0}: {1}', displayKey(k.key), v && !v.ok ? describeFailure(v.error) : vscode.l10n.t('not connected, or the key is gone')),
    );
    return;
  }
  // An encrypted value names its object once decrypted (when the EncryptionConfiguration is known).
  const object = objectOf(s.etcdDocuments.plaintextOf(k.key, v.value.value));
  const meta = object?.metadata as { name?: string; namespace?: string } | undefined;
  const apiVersion = String(object?.apiVersion ?? '');
  const kind = String(object?.kind ?? '');
  if (!meta?.name || !kind) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('{0} holds no API object KubeLab can name (it is {1}).', displayKey(k.key), classifyValue(v.value.value).format),
    );
    return;
  }
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  const d = await s.clusterSession.resources();
  const rs = d.ok ? d.value.resources.filter((x) => x.group === group && x.kind === kind && !x.name.includes('/')) : [];
  const resource = rs.find((x) => `${x.group ? `${x.group}/` : ''}${x.version}` === apiVersion) ?? rs[0];
  const context = s.clusterSession.activeContext();
  if (!resource || !context) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('The API server KubeLab is connected to does not serve {0} {1}: is the Cluster view on the same cluster as etcd?', apiVersion, kind),
    );
    return;
  }
  await openApiDocument(apiDocumentUri(context, objectPath(resource, meta.name, meta.namespace)));
};

/** From a Cluster object to its key in etcd, revealed in the etcd view and opened. */
export const clusterShowInEtcd: Command = (s) => async (t) => {
  const key = clusterObjectKey(t);
  if (key && (await revealInEtcd(s, key.toString()))) await openValue(s, key);
};
