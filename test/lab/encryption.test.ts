import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anatomyOf, encryptedOf, LOCAL_PROVIDERS } from '../../src/core/etcd/encryption';
import { classifyValue } from '../../src/core/etcd/envelope';
import { EtcdReader } from '../../src/infra/etcd/client';
import { decryptValue, decryptWith } from '../../src/infra/etcd/decrypt';
import { readEncryptionConfig } from '../../src/infra/etcd/encryptionConfig';
import { parseEncryptionConfig } from '../../src/core/etcd/encryptionConfig';
import { decodeRaw } from '../../src/infra/k8sproto/decode';
import { apiServerReady, killLabComponent, kubectl, labInfo, sleep, until, type LabInfo } from '../support/lab';
import { repoRoot } from '../../tools/vscodeServer';

const NAME = 'encryption-demo';

/** Decrypts a value of the lab with the lab's own EncryptionConfiguration, as Decrypt does. */
function labDecrypt(lab: LabInfo, key: Buffer, value: Buffer): Buffer {
  assert.ok(lab.encryptionConfig, 'the test lab runs with --encrypt');
  const c = readEncryptionConfig(lab.encryptionConfig);
  assert.ok(c.ok, c.ok ? '' : c.error.message);
  const e = encryptedOf(value);
  assert.ok(e, `${key.toString()} is stored encrypted`);
  const d = decryptWith(c.value, e, key, lab.encryptionConfig);
  assert.ok(d.ok, d.ok ? '' : d.error.message);
  return d.value;
}
const KEY = `/registry/secrets/default/${NAME}`;

/** Builds test/lab/go/encrypt (k8s.io/apiserver's own transformers at the lab's Kubernetes version) in a scratch module. */
function buildReference(dir: string): string {
  copyFileSync(join(__dirname, '..', '..', '..', 'test', 'lab', 'go', 'encrypt', 'main.go'), join(dir, 'main.go'));
  writeFileSync(join(dir, 'go.mod'), 'module kubelab.local/encryptref\n\ngo 1.24\n\nrequire k8s.io/apiserver v0.37.2\n');
  const env = { ...process.env, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' };
  execFileSync('go', ['mod', 'tidy'], { cwd: dir, env, stdio: 'ignore', timeout: 600_000 });
  execFileSync('go', ['build', '-o', 'encref', '.'], { cwd: dir, env, stdio: 'ignore', timeout: 600_000 });
  return join(dir, 'encref');
}

// Values encrypted at rest as kube-apiserver writes them (its own transformers, in Go), decrypted by
// KubeLab with the same keys: the stored Secret of the lab comes back byte for byte and decodes.
describe('encryption at rest: values written by k8s.io/apiserver, decrypted by KubeLab', function () {
  this.timeout(600_000);
  let lab: LabInfo;
  let dir: string;
  let plaintext: Buffer;
  let keys: Record<string, Buffer>;
  let stored: Record<string, Buffer>;

  before(async () => {
    lab = labInfo();
    dir = mkdtempSync(join(tmpdir(), 'kubelab-encref-'));
    const encref = buildReference(dir);
    kubectl(lab, 'delete', 'secret', NAME, '--ignore-not-found');
    kubectl(lab, 'create', 'secret', 'generic', NAME, '--from-literal=password=kubelab-plain-s3cret');
    const reader = await EtcdReader.open({ ...lab.etcd, timeoutMs: 30_000 });
    assert.ok(reader.ok);
    const v = await reader.value.get(Buffer.from(KEY));
    reader.value.close();
    assert.ok(v.ok && v.value);
    // The test lab encrypts Secrets (secretbox): what the API server handed its transformer is the decrypted value.
    plaintext = labDecrypt(lab, Buffer.from(KEY), v.value.value);
    keys = { aescbc: randomBytes(32), aesgcm: randomBytes(32), secretbox: randomBytes(32) };
    const input = JSON.stringify({
      keys: Object.fromEntries(Object.entries(keys).map(([p, k]) => [p, k.toString('hex')])),
      keyName: 'key1',
      etcdKey: KEY,
      plaintext: plaintext.toString('hex'),
    });
    const out = JSON.parse(execFileSync(encref, [], { input, encoding: 'utf8' })) as { provider: string; stored: string }[];
    stored = Object.fromEntries(out.map((o) => [o.provider, Buffer.from(o.stored, 'hex')]));
  });
  after(() => {
    kubectl(lab, 'delete', 'secret', NAME, '--ignore-not-found');
    rmSync(dir, { recursive: true, force: true });
  });

  for (const provider of LOCAL_PROVIDERS)
    it(`${provider}: labelled, laid out, decrypted to the stored Secret, which decodes`, () => {
      const value = stored[provider] as Buffer;
      assert.deepEqual(classifyValue(value), { format: 'encrypted', provider, keyName: 'key1' });
      const e = encryptedOf(value);
      assert.ok(e);
      const a = anatomyOf(e);
      assert.equal(a.short, undefined);
      assert.equal(
        a.parts.reduce((n, p) => n + p.bytes, 0),
        e.payload.length,
      );
      const d = decryptValue(e, keys[provider] as Buffer, Buffer.from(KEY));
      assert.ok(d.ok, d.ok ? '' : d.error.message);
      assert.ok(d.value.equals(plaintext));
      const c = classifyValue(d.value);
      assert.equal(c.format, 'protobuf');
      const secret = c.format === 'protobuf' ? decodeRaw(c.apiVersion, c.kind, c.raw) : undefined;
      assert.ok(secret?.ok);
      assert.equal((secret.object.data as Record<string, unknown>).password, Buffer.from('kubelab-plain-s3cret').toString('base64'));
    });

  it('says which key did not work, and why, with no key and no plaintext in the message', () => {
    const messages: string[] = [];
    for (const provider of LOCAL_PROVIDERS) {
      const e = encryptedOf(stored[provider] as Buffer);
      assert.ok(e);
      const wrong = decryptValue(e, randomBytes(32), Buffer.from(KEY));
      assert.equal(wrong.ok, false);
      if (!wrong.ok) messages.push(wrong.error.message);
      const cut = decryptValue({ ...e, payload: e.payload.subarray(0, 20) }, keys[provider] as Buffer, Buffer.from(KEY));
      assert.equal(cut.ok, false);
      if (!cut.ok) messages.push(cut.error.message);
    }
    // AES-GCM authenticates the etcd key: the same bytes under another key do not decrypt.
    const gcm = encryptedOf(stored.aesgcm as Buffer);
    assert.ok(gcm);
    const moved = decryptValue(gcm, keys.aesgcm as Buffer, Buffer.from('/registry/secrets/default/other'));
    assert.equal(moved.ok, false);
    if (!moved.ok) {
      assert.match(moved.error.message, /authenticates the etcd key/);
      messages.push(moved.error.message);
    }
    for (const m of messages) {
      assert.match(m, /key1|too short|cut/);
      for (const k of Object.values(keys)) assert.ok(!m.includes(k.toString('hex')) && !m.includes(k.toString('base64')));
      assert.ok(!m.includes('kubelab-plain-s3cret'));
    }
  });
});

interface LabProvider {
  type: string;
  keys: { name: string; secret: string }[];
}
/** scripts/lab/encryption.mjs: the lab's own reader and writer of its EncryptionConfiguration. */
async function labEncryption(): Promise<{
  ensureEncryptionConfig(dir: string, encrypt: string | undefined): string | undefined;
  readLabProviders(file: string): LabProvider[];
  writeEncryptionConfig(file: string, providers: (LabProvider | { type: 'identity' })[]): void;
  freshKey(): string;
}> {
  return import(pathToFileURL(join(repoRoot, 'scripts', 'lab', 'encryption.mjs')).href);
}

// The lab's own kube-apiserver, restarted with each provider first in its EncryptionConfiguration, then
// with a second secretbox key (a rotation): what it stores carries that provider's prefix, and KubeLab
// decrypts every value, old and new, with the file, to exactly what the API server serves.
describe("encryption at rest: the lab's API server with each provider, and a key rotation", function () {
  this.timeout(600_000);
  let lab: LabInfo;
  const made: string[] = [];
  before(() => {
    lab = labInfo();
    assert.ok(lab.encryptionConfig, 'the test lab runs with --encrypt');
    // A value under the key the lab started with (secretbox), for the rotation below.
    kubectl(lab, 'delete', 'secret', 'enc-before-rotation', '--ignore-not-found');
    kubectl(lab, 'create', 'secret', 'generic', 'enc-before-rotation', '--from-literal=password=before');
    made.push('enc-before-rotation');
  });
  after(() => {
    for (const n of made) kubectl(lab, 'delete', 'secret', n, '--ignore-not-found');
  });

  /** Puts `first` at the head of the lab's config, restarts the API server, and creates a Secret it then stores. */
  async function restartWith(first: LabProvider, name: string): Promise<void> {
    const m = await labEncryption();
    const file = lab.encryptionConfig as string;
    const rest = m.readLabProviders(file).filter((p) => p.type !== 'identity' && p.type !== first.type);
    m.writeEncryptionConfig(file, [first, ...rest, { type: 'identity' }]);
    killLabComponent(lab, 'kube-apiserver');
    await sleep(1000);
    await apiServerReady(lab, 180_000);
    kubectl(lab, 'delete', 'secret', name, '--ignore-not-found');
    await until('the Secret created', async () => {
      try {
        kubectl(lab, 'create', 'secret', 'generic', name, `--from-literal=password=${name}-value`);
        return true;
      } catch {
        return undefined;
      }
    });
    made.push(name);
  }

  /** The stored value of a Secret: its prefix, and whether KubeLab's decrypt-and-decode gives the API server's JSON. */
  async function check(name: string, prefix: RegExp): Promise<void> {
    const key = Buffer.from(`/registry/secrets/default/${name}`);
    const reader = await EtcdReader.open({ ...lab.etcd, timeoutMs: 30_000 });
    assert.ok(reader.ok);
    const v = await reader.value.get(key);
    reader.value.close();
    assert.ok(v.ok && v.value);
    assert.match(v.value.value.subarray(0, 40).toString('latin1'), prefix);
    const c = classifyValue(labDecrypt(lab, key, v.value.value));
    assert.equal(c.format, 'protobuf');
    const d = c.format === 'protobuf' ? decodeRaw(c.apiVersion, c.kind, c.raw) : undefined;
    assert.ok(d?.ok, d && !d.ok ? d.reason : '');
    const served = JSON.parse(kubectl(lab, 'get', 'secret', name, '-o', 'json', '--show-managed-fields')) as { metadata: Record<string, unknown> };
    delete served.metadata.resourceVersion;
    assert.deepEqual(JSON.parse(JSON.stringify(d.object)), served);
  }

  for (const provider of ['aescbc', 'aesgcm'])
    it(`${provider}: a Secret created through the API is stored as k8s:enc:${provider}:v1:, and decrypts to the API server's JSON`, async () => {
      const m = await labEncryption();
      await restartWith({ type: provider, keys: [{ name: `${provider}-key`, secret: m.freshKey() }] }, `enc-${provider}`);
      await check(`enc-${provider}`, new RegExp(`^k8s:enc:${provider}:v1:${provider}-key:`));
    });

  it('secretbox with a new key first (rotation): new values under the new key, and every older value still decrypts', async () => {
    const m = await labEncryption();
    const file = lab.encryptionConfig as string;
    const old = m.readLabProviders(file).find((p) => p.type === 'secretbox');
    assert.ok(old?.keys.length, 'the lab started with a secretbox key');
    const oldName = old.keys[0]?.name as string;
    await check('enc-before-rotation', new RegExp(`^k8s:enc:secretbox:v1:${oldName}:`));
    const names = new Set(m.readLabProviders(file).flatMap((p) => p.keys.map((k) => k.name)));
    let n = 2;
    while (names.has(`key${n}`)) n++;
    await restartWith({ type: 'secretbox', keys: [{ name: `key${n}`, secret: m.freshKey() }, ...old.keys] }, 'enc-rotated');
    await check('enc-rotated', new RegExp(`^k8s:enc:secretbox:v1:key${n}:`));
    await check('enc-before-rotation', new RegExp(`^k8s:enc:secretbox:v1:${oldName}:`));
    await check('enc-aescbc', /^k8s:enc:aescbc:v1:aescbc-key:/);
    await check('enc-aesgcm', /^k8s:enc:aesgcm:v1:aesgcm-key:/);
    // The Kubernetes documentation's rewrite: every Secret read and written again, now under the new key.
    const all = kubectl(lab, 'get', 'secrets', '-n', 'default', '-o', 'json');
    execFileSync(join(lab.bin, 'kubectl'), ['--kubeconfig', lab.kubeconfig, 'replace', '-f', '-'], { input: all, timeout: 120_000 });
    await check('enc-aescbc', new RegExp(`^k8s:enc:secretbox:v1:key${n}:`));
  });
});

// A reference we did not write: the EncryptionConfiguration files k8s.io/apiserver tests its own loader
// with (pkg/server/options/encryptionconfig/testdata at the lab's Kubernetes version). Every valid one
// reads, with its providers in order; every invalid one is refused with a message.
describe("EncryptionConfiguration: k8s.io/apiserver's own testdata", () => {
  let dir: string;
  before(function () {
    this.timeout(300_000);
    const out = execFileSync('go', ['mod', 'download', '-json', 'k8s.io/apiserver@v0.37.2'], {
      encoding: 'utf8',
      timeout: 150_000,
      env: { ...process.env, GOFLAGS: '-mod=mod' },
    });
    dir = join((JSON.parse(out) as { Dir: string }).Dir, 'pkg', 'server', 'options', 'encryptionconfig', 'testdata');
  });
  const files = (sub: string): string[] => {
    const walk = (d: string): string[] =>
      readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : /\.(ya?ml|json)$/.test(n) ? [join(d, n)] : []));
    return walk(join(dir, sub));
  };

  it('reads every valid config, and finds the keys of each', () => {
    const valid = files('valid-configs');
    assert.ok(valid.length >= 10, `upstream's valid configs: ${valid.length}`);
    for (const f of valid) {
      const r = parseEncryptionConfig(readFileSync(f, 'utf8'));
      assert.ok(r.ok, `${f}: ${r.ok ? '' : r.error.message}`);
      assert.ok(r.value.resources.every((x) => x.providers.length > 0));
    }
    const gcm = parseEncryptionConfig(readFileSync(join(dir, 'valid-configs', 'aes-gcm-first.yaml'), 'utf8'));
    assert.ok(gcm.ok);
    assert.deepEqual(
      gcm.value.resources[0]?.providers.map((p) => p.type),
      ['aesgcm', 'secretbox', 'kms', 'kms', 'aescbc', 'identity'],
    );
  });

  it('refuses every invalid config, saying why', () => {
    const invalid = files('invalid-configs');
    assert.ok(invalid.length >= 5, `upstream's invalid configs: ${invalid.length}`);
    for (const f of invalid) {
      const r = parseEncryptionConfig(readFileSync(f, 'utf8'));
      assert.equal(r.ok, false, `${f} was read`);
      if (!r.ok) assert.ok(r.error.message.length > 10);
    }
  });
});

// `npm run lab -- --encrypt P` across starts of one lab: what its EncryptionConfiguration holds each time.
describe("the lab's --encrypt across restarts", () => {
  it('keeps the key for the same provider, puts a new provider first, identity first without --encrypt; 0600, and refuses an unknown provider', async () => {
    const m = await labEncryption();
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-labenc-'));
    try {
      const shape = (f: string | undefined) => (f ? m.readLabProviders(f).map((p) => `${p.type}[${p.keys.map((k) => k.name).join(',')}]`) : []);
      assert.equal(m.ensureEncryptionConfig(dir, undefined), undefined, 'a lab that never encrypted has no config');
      const file = m.ensureEncryptionConfig(dir, 'aescbc') as string;
      assert.deepEqual(shape(file), ['aescbc[key1]', 'identity[]']);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.equal(statSync(join(file, '..')).mode & 0o777, 0o700);
      const key1 = m.readLabProviders(file)[0]?.keys[0]?.secret;
      assert.equal(Buffer.from(key1 ?? '', 'base64').length, 32);
      m.ensureEncryptionConfig(dir, 'aescbc');
      assert.equal(m.readLabProviders(file)[0]?.keys[0]?.secret, key1, 'the same provider keeps its key');
      assert.deepEqual(shape(m.ensureEncryptionConfig(dir, 'secretbox')), ['secretbox[key2]', 'aescbc[key1]', 'identity[]']);
      assert.deepEqual(shape(m.ensureEncryptionConfig(dir, undefined)), ['identity[]', 'secretbox[key2]', 'aescbc[key1]']);
      // What kube-apiserver will read: a valid EncryptionConfiguration (KubeLab's reader checks as it does).
      const parsed = parseEncryptionConfig(readFileSync(file, 'utf8'));
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.message);
      assert.throws(() => m.ensureEncryptionConfig(dir, 'rot13'), /--encrypt takes aescbc, aesgcm, secretbox, not rot13/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
