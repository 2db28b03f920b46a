/**
 * The rows of a key's history: for each revision, who wrote it (managedFields,
 * or the write the API server makes without an entry) and what it changed,
 * from the decoded version and the one before it. Computed when a row is
 * shown (a key may hold 10,000 versions), with a small cache of decoded
 * versions; a version that does not decode says why, and the rows around it
 * still compare with the last one that did. Versions encrypted at rest are
 * decrypted in memory when the cluster's EncryptionConfiguration is known.
 */
import * as vscode from 'vscode';
import { changedFields, describeChanges } from '../../core/etcd/diff';
import { writerOf, type HistoryEntry, type KeyHistory, type Writer } from '../../core/etcd/history';
import { displayKey } from '../../core/etcd/keys';
import { isSecretKey } from '../../core/etcd/valueDocument';
import { versionOf } from '../etcd/documents';

export interface HistoryRow {
  readonly entry: HistoryEntry;
  readonly writer?: Writer;
  /** The writer as shown: a manager (`kubectl-label`, `kwok/status`), `pods/binding`, `DELETE`. */
  readonly manager?: string;
  readonly time?: string;
  readonly summary: string;
  /** Set when this version does not decode. */
  readonly error?: string;
}

type Version = { object?: Record<string, unknown>; error?: string };

/** How many decoded versions are kept at once (the rows of about one page). */
const DECODED_KEPT = 256;

export const writerLabel = (w: Writer | undefined): string | undefined =>
  !w || w.kind === 'unknown'
    ? undefined
    : w.kind === 'binding'
      ? 'pods/binding'
      : w.kind === 'delete'
        ? 'DELETE'
        : w.subresource
          ? `${w.manager}/${w.subresource}`
          : w.manager;

export class HistoryRows {
  private readonly rows = new Map<string, HistoryRow>();
  private readonly decoded = new Map<string, Version>();
  private readonly secret: boolean;

  /** `plaintextOf`: a version's bytes decrypted when encrypted at rest and the EncryptionConfiguration opens it. */
  constructor(
    private readonly history: KeyHistory,
    private readonly plaintextOf: (bytes: Buffer) => Buffer = (b) => b,
  ) {
    this.secret = isSecretKey(displayKey(history.key));
  }

  /** The row of entries[i]. */
  row(i: number): HistoryRow {
    const e = this.history.entries[i] as HistoryEntry;
    const known = this.rows.get(e.revision);
    if (known) return known;
    const row = this.compute(i, e);
    this.rows.set(e.revision, row);
    return row;
  }

  all(): HistoryRow[] {
    return this.history.entries.map((_e, i) => this.row(i));
  }

  private version(e: HistoryEntry): Version | undefined {
    if (!e.value) return undefined;
    let v = this.decoded.get(e.revision);
    if (!v) {
      const d = versionOf(this.plaintextOf(e.value));
      v = d.error ? { error: d.error } : d.object ? { object: d.object } : {};
      if (this.decoded.size >= DECODED_KEPT) this.decoded.delete(this.decoded.keys().next().value as string);
      this.decoded.set(e.revision, v);
    }
    return v;
  }

  /** The version before entries[i] in the same life that decoded (undefined at a create). */
  private previous(i: number): Record<string, unknown> | undefined | 'unread' {
    for (let j = i - 1; j >= 0; j--) {
      const p = this.history.entries[j] as HistoryEntry;
      if (p.type === 'delete') return undefined;
      if (!p.value) return 'unread';
      const v = this.version(p);
      if (v?.object) return v.object;
    }
    return undefined;
  }

  private compute(i: number, e: HistoryEntry): HistoryRow {
    if (e.type === 'delete') return { entry: e, summary: vscode.l10n.t('deleted') };
    if (!e.value) return { entry: e, summary: vscode.l10n.t('(not read: beyond the memory budget; open it to read it)') };
    const v = this.version(e);
    if (v?.error) return { entry: e, summary: vscode.l10n.t('does not decode: {0}', v.error), error: v.error };
    const after = v?.object;
    if (!after) return { entry: e, summary: vscode.l10n.t('written (not an API object)') };
    const before = this.previous(i);
    if (before === 'unread') return { entry: e, summary: vscode.l10n.t('(the version before it was not read: open both to compare)') };
    const changes = before ? changedFields(before, after).filter((c) => c.path !== 'metadata.managedFields') : [];
    const writer = writerOf(before, after, changes);
    const manager = writerLabel(writer);
    const time = writer.kind === 'manager' ? writer.time : undefined;
    const summary = !before
      ? e.createRevision === e.revision
        ? vscode.l10n.t('created')
        : vscode.l10n.t('the oldest version held')
      : changes.length
        ? describeChanges(changes, this.secret, 3).join('; ')
        : vscode.l10n.t('no field changed');
    return { entry: e, writer, summary, ...(manager ? { manager } : {}), ...(time ? { time } : {}) };
  }
}
