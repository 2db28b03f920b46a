/** History: show a key's revisions, compare a version with the one before it or with the key now. */
import * as vscode from 'vscode';
import { displayKey } from '../../core/etcd/keys';
import { ViewId } from '../../ids';
import { etcdDocumentUri } from '../etcd/documents';
import type { Command } from '../services';
import { clusterObjectKey, etcdKeyOf } from '../targets';
import { versionUri } from './tree';

/** On an etcd key, an etcd value document, or an object of the Cluster view (its storage key). */
export const etcdShowHistory: Command = (s) => async (t) => {
  const key = clusterObjectKey(t) ?? (t.kind === 'text' ? Buffer.from(t.text) : etcdKeyOf(t)?.key);
  if (!key) return undefined;
  await vscode.commands.executeCommand(`${ViewId.history}.focus`);
  const shown = await vscode.window.withProgress(
    { location: { viewId: ViewId.history }, title: vscode.l10n.t('Reading the history of {0}…', displayKey(key)) },
    () => s.history.show(key),
  );
  if (typeof shown === 'string') void vscode.window.showErrorMessage(shown);
  return shown;
};

/** From a folder of the etcd view: a key that no longer exists, by name (its history lasts until etcd compacts it). */
export const etcdShowDeletedHistory: Command = (s) => async (t) => {
  const dir = etcdKeyOf(t);
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Show History of a Deleted Key'),
    prompt: vscode.l10n.t('The whole key; etcd keeps its revisions until it compacts them'),
    value: dir ? displayKey(dir.key) : '/registry/',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A key, e.g. /registry/pods/default/hello-demo')),
  });
  if (!typed?.trim()) return undefined;
  return etcdShowHistory(s)({ kind: 'text', text: typed.trim() });
};

export const historyCompareWithPrevious: Command = () => async (t) => {
  if (t.kind !== 'history' || t.node.type !== 'version' || !t.node.previous) return;
  const { key, row, previous } = t.node;
  await vscode.commands.executeCommand(
    'vscode.diff',
    versionUri(key, previous.revision),
    versionUri(key, row.entry.revision),
    vscode.l10n.t('{0}: rev {1} ↔ rev {2}', displayKey(key), previous.revision, row.entry.revision),
  );
};

export const historyCompareWithCurrent: Command = () => async (t) => {
  if (t.kind !== 'history' || t.node.type !== 'version') return;
  const { key, row } = t.node;
  await vscode.commands.executeCommand(
    'vscode.diff',
    versionUri(key, row.entry.revision),
    etcdDocumentUri(key),
    vscode.l10n.t('{0}: rev {1} ↔ now', displayKey(key), row.entry.revision),
  );
};

export const historyShowEarlier: Command = (s) => (t) => (t.kind === 'history' ? s.history.showEarlier(t.node) : undefined);
