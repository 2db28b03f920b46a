/**
 * Who Changed This Field? on a line of a decoded document (an etcd value, a
 * version from History, an API document): the managers that own the field in
 * the object's own managedFields, how they wrote it, and when.
 */
import * as vscode from 'vscode';
import { whoChanged, type FieldAnswer, type FieldOwner } from '../../core/kube/managedFields';
import type { Command } from '../services';

const ownerText = (o: FieldOwner): string =>
  vscode.l10n.t(
    '{0} ({1}) at {2}',
    o.manager,
    [o.operation, o.subresource ? vscode.l10n.t('subresource {0}', o.subresource) : undefined].filter(Boolean).join(', ') || '?',
    o.time ?? '?',
  );

export function describeAnswer(a: FieldAnswer): string {
  switch (a.kind) {
    case 'nofield':
      return vscode.l10n.t('Put the cursor on a field of the object, then ask again.');
    case 'server':
      return vscode.l10n.t('{0} is set by the API server itself: managedFields do not track it.', a.path);
    case 'none':
      return vscode.l10n.t(
        'No manager owns {0} in managedFields: the API server set it (a default, the pods/binding subresource for spec.nodeName, a graceful DELETE), or it is inside a value no manager claims.',
        a.path,
      );
    case 'owners': {
      const own = a.owners.filter((o) => o.scope === 'field');
      const below = a.owners.filter((o) => o.scope === 'below');
      return [
        own.length ? vscode.l10n.t('{0} was set by {1}.', a.path, own.map(ownerText).join('; ')) : '',
        below.length ? vscode.l10n.t('Fields inside {0} were set by {1}.', a.path, below.map(ownerText).join('; ')) : '',
      ]
        .filter(Boolean)
        .join(' ');
    }
  }
}

/** On the active KubeLab document, at the cursor. Returns the answer shown (for tests). */
export const whoChangedField: Command = () => async (t) => {
  const editor = vscode.window.activeTextEditor;
  if (!editor || (t.kind !== 'etcdDocument' && t.kind !== 'apiDocument')) return undefined;
  const answer = whoChanged(editor.document.getText(), editor.document.offsetAt(editor.selection.active));
  const text = describeAnswer(answer);
  void vscode.window.showInformationMessage(text);
  return { answer, text };
};
