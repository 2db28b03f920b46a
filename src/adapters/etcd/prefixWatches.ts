/**
 * Watch Prefix: the prefixes the user watches, each printing what every event
 * changed to the "KubeLab: etcd watch" output (decoded; a Secret's values are
 * never printed). Owned by the context: the watches and the channel end with
 * the extension.
 */
import * as vscode from 'vscode';
import { changedFields, describeChanges } from '../../core/etcd/diff';
import { encryptedOf } from '../../core/etcd/encryption';
import { displayKey } from '../../core/etcd/keys';
import { isSecretKey } from '../../core/kube/secrets';
import type { Result } from '../../core/result';
import type { EtcdReader, WatchEvent } from '../../infra/etcd/client';
import type { Log } from '../log';
import { objectOf } from './documents';

/** What a watch event changed in the object: created, deleted, or the fields that differ. */
async function describeWatchEvent(e: WatchEvent): Promise<string[]> {
  const key = displayKey(e.key);
  if (e.type === 'delete') return e.previous ? [vscode.l10n.t('deleted (it was {0} bytes)', e.previous.length)] : [];
  const [before, after] = [objectOf(e.previous), objectOf(e.value)];
  const enc = e.value ? encryptedOf(e.value) : undefined;
  // Never decrypted here: the watch's output is a log of what etcd holds.
  if (enc) return [vscode.l10n.t('encrypted at rest ({0} key {1})', enc.provider, enc.keyName)];
  if (!after) return [];
  if (!before) return [vscode.l10n.t('created: {0} {1}', String(after.kind ?? ''), key)];
  const changes = changedFields(before, after);
  return changes.length ? describeChanges(changes, isSecretKey(key)) : [vscode.l10n.t('no field changed (the same object written again)')];
}

export class PrefixWatches implements vscode.Disposable {
  private readonly watches = new Map<string, () => void>();
  private channel: vscode.OutputChannel | undefined;

  constructor(private readonly log: Log) {}

  /**
   * Starts watching `prefix` (nothing when it is watched already); from `fromRevision`, it first
   * replays what happened there since that revision (as long as etcd holds it).
   */
  async start(reader: EtcdReader, prefix: Buffer, fromRevision?: string): Promise<Result<void>> {
    const id = prefix.toString('hex');
    if (fromRevision) this.stop(prefix); // a replay starts over
    if (this.watches.has(id)) return { ok: true, value: undefined };
    const out = (this.channel ??= vscode.window.createOutputChannel(vscode.l10n.t('KubeLab: etcd watch')));
    // Events are decoded in order: each waits for the one before it.
    let queue = Promise.resolve();
    const stop = await reader.watch(
      prefix,
      (e) => {
        queue = queue
          .then(async () => {
            out.appendLine(`rev ${e.modRevision}  ${e.type.toUpperCase().padEnd(6)}  ${displayKey(e.key)}  (${e.size} bytes)`);
            for (const line of await describeWatchEvent(e)) out.appendLine(`    ${line}`);
          })
          .catch((err) => this.log.warn(`etcd watch: ${(err as Error).message}`));
      },
      (connected, failure) => {
        // A replay from a revision etcd has compacted is refused: say so, and stop.
        if (!connected && failure && /compacted/.test(failure.message)) {
          out.appendLine(vscode.l10n.t('etcd no longer holds revision {0} (compacted): start from a later one.', fromRevision ?? '?'));
          this.stop(prefix);
        }
      },
      fromRevision,
      { values: true },
    );
    if (!stop.ok) return stop;
    this.watches.set(id, stop.value);
    out.appendLine(
      fromRevision
        ? vscode.l10n.t('Replaying {0} from revision {1}, then watching (KubeLab: Stop Watching to end)', displayKey(prefix) || '/', fromRevision)
        : vscode.l10n.t('Watching {0} (KubeLab: Stop Watching to end)', displayKey(prefix) || '/'),
    );
    out.show(true);
    return { ok: true, value: undefined };
  }

  /** Stops the watch of `prefix`, or every watch. */
  stop(prefix?: Buffer): void {
    const id = prefix?.toString('hex');
    for (const [k, stop] of [...this.watches]) {
      if (id === undefined || k === id) {
        stop();
        this.watches.delete(k);
      }
    }
  }

  dispose(): void {
    this.stop();
    this.channel?.dispose();
    this.channel = undefined;
  }
}
