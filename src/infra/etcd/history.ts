/**
 * Every revision of a key etcd still holds, in one watch stream: created at revision 1 (a
 * compacted start answers with the oldest revision held, and the watch is created again
 * there). The replay is complete at the key's mod_revision now (read first); a key that no
 * longer exists ends with its delete, taken as complete once the stream has been quiet for a
 * moment after the replay (etcd sends it in back-to-back responses, and answers no progress
 * request here). Values are kept up to `valueBudget` bytes in all. Called by EtcdReader, which
 * gives it a deadline and turns failures into values.
 */
import type { Etcd3, IWatchResponse } from 'etcd3';
import type { HistoryEntry, KeyHistory } from '../../core/etcd/history';

/** How long a deleted key's history replay may be quiet before it counts as complete. */
const QUIET_MS = 300;

export async function readHistory(client: Etcd3, key: Buffer, valueBudget: number): Promise<KeyHistory> {
  const now = await client.kv.range({ key, keys_only: true });
  const last = now.kvs[0] ? String(now.kvs[0].mod_revision) : undefined;
  const stream = await client.watchClient.watch();
  let quiet: NodeJS.Timeout | undefined;
  try {
    return await new Promise<KeyHistory>((resolve, reject) => {
      const entries: HistoryEntry[] = [];
      let kept = 0;
      let compactedBefore: string | undefined;
      const done = () => resolve({ key, entries, revision: String(now.header.revision), ...(compactedBefore ? { compactedBefore } : {}) });
      // fragment: etcd sends a replay of many revisions as one response unless asked to split it, and
      // gRPC refuses a message over 4 MiB (200 versions of a 1.5 MB value are 300 MB).
      const create = (rev: string) => stream.write({ create_request: { key, start_revision: rev, fragment: true } });
      stream.on('error', reject);
      stream.on('end', () => reject(new Error('the etcd watch stream ended')));
      stream.on('data', (res: IWatchResponse) => {
        if (res.canceled) {
          if (Number(res.compact_revision) > 0) {
            compactedBefore = String(res.compact_revision);
            create(compactedBefore);
          } else reject(new Error(res.cancel_reason || 'the watch was cancelled'));
          return;
        }
        for (const e of res.events ?? []) {
          const size = e.kv.value?.length ?? 0;
          const keep = e.type === 'Put' && kept + size <= valueBudget;
          if (keep) kept += size;
          entries.push({
            revision: String(e.kv.mod_revision),
            type: e.type === 'Put' ? 'put' : 'delete',
            version: String(e.kv.version),
            createRevision: String(e.kv.create_revision),
            size,
            ...(keep ? { value: e.kv.value } : {}),
          });
        }
        if (last !== undefined) {
          if (entries.some((e) => e.revision === last)) done();
        } else {
          clearTimeout(quiet);
          quiet = setTimeout(done, QUIET_MS);
        }
      });
      create('1');
    });
  } finally {
    clearTimeout(quiet);
    // Done (or failed): stop listening and half-close the stream, so that etcd ends it. (Cancelling
    // the gRPC call instead would make etcd3 take the endpoint for failed, and refuse the next call.)
    const call = stream as unknown as { removeAllListeners(e: string): void; on(e: string, f: () => void): void; end(): void };
    call.removeAllListeners('data');
    call.removeAllListeners('end');
    call.on('error', () => undefined);
    call.end();
  }
}
