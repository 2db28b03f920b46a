// Encryption at rest for the lab (`npm run lab -- --encrypt aescbc|aesgcm|secretbox`): an
// EncryptionConfiguration for Secrets in <lab>/encryption/config.yaml (folder 0700, file 0600), read
// by kube-apiserver's --encryption-provider-config. The first provider encrypts new writes; every
// provider after it still decrypts, and `identity` last reads what was written before encryption.
//
// Across starts of the same lab: the same provider keeps its key (values written before stay
// readable); another provider gets a fresh key put first, the old ones kept for reading; a start
// without --encrypt puts `identity` first (new writes in clear, old ones still readable), as the
// Kubernetes documentation's way to decrypt. --reset removes the file with the store.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PROVIDERS = ['aescbc', 'aesgcm', 'secretbox'];

export const encryptionConfigPath = (dir) => join(dir, 'encryption', 'config.yaml');

/** The providers (in order) of a config this module wrote: [{ type, keys: [{ name, secret }] }]; identity has no keys. */
export function readLabProviders(file) {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const out = [];
  for (const line of text.split('\n')) {
    const p = /^ {6}- (\w+):/.exec(line);
    if (p) out.push({ type: p[1], keys: [] });
    const k = /^ {12}- name: (\S+)$/.exec(line);
    const s = /^ {14}secret: (\S+)$/.exec(line);
    if (k) out.at(-1)?.keys.push({ name: k[1], secret: '' });
    if (s && out.at(-1)?.keys.length) out.at(-1).keys.at(-1).secret = s[1];
  }
  return out;
}

/** The YAML of an EncryptionConfiguration for Secrets with these providers in order. */
export function encryptionConfigYaml(providers) {
  const lines = [
    'apiVersion: apiserver.config.k8s.io/v1',
    'kind: EncryptionConfiguration',
    'resources:',
    '  - resources:',
    '      - secrets',
    '    providers:',
  ];
  for (const p of providers) {
    if (p.type === 'identity') {
      lines.push('      - identity: {}');
      continue;
    }
    lines.push(`      - ${p.type}:`, '          keys:');
    for (const k of p.keys) lines.push(`            - name: ${k.name}`, `              secret: ${k.secret}`);
  }
  return lines.join('\n') + '\n';
}

/** Writes a config only its owner can read (kube-apiserver runs as the same user in the lab). */
export function writeEncryptionConfig(file, providers) {
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  chmodSync(join(file, '..'), 0o700);
  writeFileSync(file, encryptionConfigYaml(providers), { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** A fresh key of the provider's size (32 bytes: AES-256, and secretbox's only size). */
export const freshKey = () => randomBytes(32).toString('base64');

/**
 * Makes the lab's config for this start and returns its path, or undefined when the lab never
 * encrypted. `encrypt`: a provider of PROVIDERS, or undefined for none.
 */
export function ensureEncryptionConfig(dir, encrypt) {
  if (encrypt !== undefined && !PROVIDERS.includes(encrypt)) throw new Error(`--encrypt takes ${PROVIDERS.join(', ')}, not ${encrypt}`);
  const file = encryptionConfigPath(dir);
  const all = readLabProviders(file);
  const old = all.filter((p) => p.type !== 'identity');
  if (!encrypt && !old.length) return undefined;
  let providers;
  if (!encrypt) providers = [{ type: 'identity' }, ...old];
  else if (all[0]?.type === encrypt) providers = [...old, { type: 'identity' }];
  else {
    const names = new Set(old.flatMap((p) => p.keys.map((k) => k.name)));
    let n = 1;
    while (names.has(`key${n}`)) n++;
    const same = old.find((p) => p.type === encrypt);
    const fresh = { type: encrypt, keys: [{ name: `key${n}`, secret: freshKey() }, ...(same?.keys ?? [])] };
    providers = [fresh, ...old.filter((p) => p !== same), { type: 'identity' }];
  }
  writeEncryptionConfig(file, providers);
  return file;
}
