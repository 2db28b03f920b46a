/**
 * kube-apiserver's EncryptionConfiguration (apiserver.config.k8s.io/v1, and the legacy
 * `kind: EncryptionConfig`, `apiVersion: v1`), read for what decrypting needs: per resource list,
 * the providers in order with their keys. A bad file is a value that says where it is bad;
 * no message holds a key's secret. Pure (the YAML parser is a library of pure functions).
 */
import { load, YAMLException } from 'js-yaml';
import { fail, ok, type Result } from '../result';
import { LOCAL_PROVIDERS, type EncryptedValue, type Provider } from './encryption';

export interface ConfigKey {
  readonly name: string;
  readonly secret: Buffer;
}

export type ConfigProvider =
  | { readonly type: Provider; readonly keys: readonly ConfigKey[] }
  | { readonly type: 'identity' }
  | { readonly type: 'kms'; readonly name: string; readonly apiVersion: 'v1' | 'v2'; readonly endpoint: string };

export interface EncryptionConfig {
  readonly resources: readonly { readonly resources: readonly string[]; readonly providers: readonly ConfigProvider[] }[];
}

const KINDS = new Set(['apiserver.config.k8s.io/v1 EncryptionConfiguration', 'v1 EncryptionConfig']);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** kube-apiserver decodes the file strictly: a field it does not know (a typo) makes it refuse the file. */
function unknownField(o: Record<string, unknown>, known: readonly string[], at: string): Result<never> | undefined {
  const extra = Object.keys(o).find((k) => !known.includes(k));
  return extra === undefined ? undefined : fail('encryption.config', `${at}: unknown field ${extra} (kube-apiserver refuses the file)`);
}

/** The key sizes kube-apiserver accepts per provider (k8s.io/apiserver's encryptionconfig validation). */
const KEY_SIZES: Record<Provider, readonly number[]> = { aescbc: [16, 24, 32], aesgcm: [16, 24, 32], secretbox: [32] };

function keysOf(type: Provider, body: unknown, at: string): Result<ConfigKey[]> {
  const keys = isObject(body) ? body.keys : undefined;
  if (!Array.isArray(keys) || keys.length === 0) return fail('encryption.config', `${at}.keys: a ${type} provider needs at least one key`);
  const extra = unknownField(body as Record<string, unknown>, ['keys'], at);
  if (extra) return extra;
  const out: ConfigKey[] = [];
  for (const [i, k] of keys.entries()) {
    const kat = `${at}.keys[${i}]`;
    if (!isObject(k) || typeof k.name !== 'string' || !k.name) return fail('encryption.config', `${kat}: a key needs a name`);
    const extraKey = unknownField(k, ['name', 'secret'], kat);
    if (extraKey) return extraKey;
    if (k.name.includes(':')) return fail('encryption.config', `${kat}: the key name ${k.name} may not contain ':'`);
    if (typeof k.secret !== 'string' || !STRICT_BASE64.test(k.secret.trim()))
      return fail('encryption.config', `${kat}.secret (key ${k.name}): not valid base64`);
    const secret = Buffer.from(k.secret.trim(), 'base64');
    if (!KEY_SIZES[type].includes(secret.length))
      return fail('encryption.config', `${kat}.secret (key ${k.name}): ${secret.length} bytes; ${type} takes ${KEY_SIZES[type].join(', ')}`);
    if (out.some((o) => o.name === k.name)) return fail('encryption.config', `${kat}: the key name ${k.name} appears twice in one provider`);
    out.push({ name: k.name, secret });
  }
  return ok(out);
}

function providerOf(p: unknown, at: string): Result<ConfigProvider> {
  if (!isObject(p) || Object.keys(p).length !== 1)
    return fail(
      'encryption.config',
      `${at}: a provider is one of aescbc, aesgcm, secretbox, kms, identity (found ${isObject(p) ? Object.keys(p).join(', ') || 'nothing' : typeof p})`,
    );
  const [type, body] = Object.entries(p)[0] as [string, unknown];
  if ((LOCAL_PROVIDERS as readonly string[]).includes(type)) {
    const keys = keysOf(type as Provider, body, `${at}.${type}`);
    return keys.ok ? ok({ type: type as Provider, keys: keys.value }) : keys;
  }
  if (type === 'identity') return ok({ type: 'identity' });
  if (type === 'kms') {
    if (!isObject(body) || typeof body.name !== 'string' || !body.name) return fail('encryption.config', `${at}.kms: a KMS provider needs a name`);
    const extra = unknownField(body, ['apiVersion', 'name', 'endpoint', 'cachesize', 'timeout'], `${at}.kms`);
    if (extra) return extra;
    if (body.apiVersion !== undefined && body.apiVersion !== 'v1' && body.apiVersion !== 'v2')
      return fail('encryption.config', `${at}.kms.apiVersion: ${String(body.apiVersion)} (KMS is v1 or v2)`);
    const apiVersion = body.apiVersion === 'v2' ? 'v2' : 'v1';
    return ok({ type: 'kms', name: body.name, apiVersion, endpoint: typeof body.endpoint === 'string' ? body.endpoint : '' });
  }
  return fail('encryption.config', `${at}: unknown provider ${type} (aescbc, aesgcm, secretbox, kms or identity)`);
}

export function parseEncryptionConfig(text: string): Result<EncryptionConfig> {
  let doc: unknown;
  try {
    doc = load(text);
  } catch (e) {
    const m = e instanceof YAMLException ? `line ${e.mark.line + 1}, column ${e.mark.column + 1}: ${e.reason}` : (e as Error).message;
    return fail('encryption.config', `not valid YAML (${m})`);
  }
  if (!isObject(doc)) return fail('encryption.config', 'not an EncryptionConfiguration (the file holds no YAML object)');
  if (!KINDS.has(`${String(doc.apiVersion)} ${String(doc.kind)}`))
    return fail('encryption.config', `not an EncryptionConfiguration (apiVersion ${String(doc.apiVersion)}, kind ${String(doc.kind)})`);
  const extraTop = unknownField(doc, ['apiVersion', 'kind', 'resources'], 'the file');
  if (extraTop) return extraTop;
  if (!Array.isArray(doc.resources) || doc.resources.length === 0) return fail('encryption.config', 'resources: the file names no resources to encrypt');
  const resources: EncryptionConfig['resources'][number][] = [];
  for (const [i, r] of doc.resources.entries()) {
    const at = `resources[${i}]`;
    if (!isObject(r) || !Array.isArray(r.resources) || !r.resources.every((x) => typeof x === 'string'))
      return fail('encryption.config', `${at}.resources: a list of resource names is needed`);
    if (!Array.isArray(r.providers) || r.providers.length === 0) return fail('encryption.config', `${at}.providers: at least one provider is needed`);
    const extra = unknownField(r, ['resources', 'providers'], at);
    if (extra) return extra;
    const providers: ConfigProvider[] = [];
    for (const [j, p] of r.providers.entries()) {
      const pr = providerOf(p, `${at}.providers[${j}]`);
      if (!pr.ok) return pr;
      providers.push(pr.value);
    }
    resources.push({ resources: r.resources as string[], providers });
  }
  return ok({ resources });
}

/** What a config holds for a value's provider and key name: the keys to try (in config order), and what it has instead. */
export function keysFor(
  config: EncryptionConfig,
  e: Pick<EncryptedValue, 'provider' | 'keyName' | 'version'>,
): { keys: readonly Buffer[]; kms?: { name: string; endpoint: string }; found: readonly string[] } {
  const keys: Buffer[] = [];
  const found: string[] = [];
  let kms: { name: string; endpoint: string } | undefined;
  for (const p of config.resources.flatMap((r) => r.providers)) {
    if (p.type === 'identity') continue;
    if (p.type === 'kms') {
      found.push(`kms ${p.apiVersion} ${p.name}`);
      if (e.provider === 'kms' && p.name === e.keyName) kms ??= { name: p.name, endpoint: p.endpoint };
      continue;
    }
    for (const k of p.keys) {
      found.push(`${p.type} ${k.name}`);
      if (p.type === e.provider && k.name === e.keyName && !keys.some((x) => x.equals(k.secret))) keys.push(k.secret);
    }
  }
  return { keys, ...(kms ? { kms } : {}), found: [...new Set(found)] };
}
