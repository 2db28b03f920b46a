/**
 * `npm run decode -- FILE…`: etcd values (as `etcdctl get KEY --print-value-only`
 * writes them) to the JSON the API server serves, with the same code the etcd
 * view uses (envelope, decoder, key order). `-` reads standard input; `--out DIR`
 * writes one .json per input instead of printing. Notes (fields this KubeLab
 * does not know) and failures go to standard error; the exit code is 1 when any
 * value could not be decoded.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { classifyValue } from '../../core/etcd/envelope';
import { describeUnknown } from '../../core/etcd/valueDocument';
import { english } from '../../core/l10n';
import { decodeText } from './text';
import { releasesOf } from './releases';
import { stringifyJson } from '../../core/json';

export type DecodedFile = { readonly ok: true; readonly json: string; readonly notes: string[] } | { readonly ok: false; readonly error: string };

/** One stored value as the API's JSON (pretty-printed, the API's key order), or why it is not one. */
export function decodeValue(bytes: Buffer): DecodedFile {
  const stored = classifyValue(bytes);
  switch (stored.format) {
    case 'protobuf': {
      const d = decodeText(stored.apiVersion, stored.kind, stored.raw, 2);
      if (!d.ok) return { ok: false, error: d.reason };
      const notes = d.unknown?.length ? [describeUnknown(d.unknown, releasesOf(d.type), english)] : [];
      return { ok: true, json: ('text' in d ? d.text : stringifyJson(d.object, 2)) + '\n', notes };
    }
    case 'json':
      return { ok: true, json: stringifyJson(stored.value, 2) + '\n', notes: [] };
    case 'encrypted':
      return { ok: false, error: `encrypted at rest by the ${stored.provider} provider with key ${stored.keyName}: it cannot be decoded without that key` };
    case 'corrupt':
      return { ok: false, error: `a Kubernetes protobuf envelope that breaks at byte ${stored.offset}: ${stored.reason}` };
    default:
      return { ok: false, error: `not a Kubernetes value (${stored.format}): no k8s\\0 envelope and no JSON` };
  }
}

export interface Io {
  readonly stdin: () => Buffer;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const nodeIo: Io = { stdin: () => readFileSync(0), out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

export function main(argv: readonly string[], io: Io = nodeIo): number {
  const outAt = argv.indexOf('--out');
  const outDir = outAt >= 0 ? argv[outAt + 1] : undefined;
  const inputs = argv.filter((_, i) => outAt < 0 || (i !== outAt && i !== outAt + 1));
  if ((outAt >= 0 && !outDir) || inputs.length === 0) {
    io.err('usage: npm run decode -- [--out DIR] FILE… (- reads standard input)\n');
    return 2;
  }
  if (outDir) mkdirSync(outDir, { recursive: true });
  let failed = 0;
  for (const input of inputs) {
    let bytes: Buffer;
    try {
      bytes = input === '-' ? io.stdin() : readFileSync(input);
    } catch (e) {
      io.err(`${input}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}\n`);
      failed++;
      continue;
    }
    const r = decodeValue(bytes);
    if (!r.ok) {
      io.err(`${input}: ${r.error}\n`);
      failed++;
      continue;
    }
    for (const note of r.notes) io.err(`${input}: ${note}\n`);
    if (outDir) writeFileSync(join(outDir, `${input === '-' ? 'stdin' : basename(input).replace(/\.[^.]*$/, '')}.json`), r.json);
    else io.out(r.json);
  }
  return failed ? 1 : 0;
}
