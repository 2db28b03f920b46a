/**
 * Decrypts an etcd value encrypted at rest by kube-apiserver's local providers (core/etcd/encryption.ts
 * has their layouts), in memory, with a key the caller holds. Failures are values that name what was
 * needed and what was wrong; neither the key nor any plaintext is in them.
 */
import { createDecipheriv, type DecipherGCM } from 'node:crypto';
import nacl from 'tweetnacl';
import { anatomyOf, type EncryptedValue } from '../../core/etcd/encryption';
import { keysFor, type EncryptionConfig } from '../../core/etcd/encryptionConfig';
import { fail, ok, type Result } from '../../core/result';

/** `etcdKey`: the key the value is stored under (aesgcm authenticates it). */
export function decryptValue(e: EncryptedValue, key: Buffer, etcdKey: Buffer): Result<Buffer> {
  const where = `${e.provider} key ${e.keyName}`;
  const a = anatomyOf(e);
  if (a.authenticated === 'kms')
    return fail('etcd.decrypt', `${e.provider} ${e.version} values need the KMS plugin ${e.keyName}: KubeLab holds no KMS key`, where);
  if (a.short) return fail('etcd.decrypt', `the value is too short for ${e.provider} (${e.payload.length} bytes after the prefix): it was cut`, where);
  const p = e.payload;
  const aes = e.provider === 'aescbc' || e.provider === 'aesgcm';
  if (aes && ![16, 24, 32].includes(key.length)) return fail('etcd.decrypt', `key ${e.keyName} is ${key.length} bytes; AES needs 16, 24 or 32`, where);
  try {
    switch (e.provider) {
      case 'aescbc': {
        const d = createDecipheriv(`aes-${key.length * 8}-cbc`, key, p.subarray(0, 16));
        return ok(Buffer.concat([d.update(p.subarray(16)), d.final()]));
      }
      case 'aesgcm': {
        const d = createDecipheriv(`aes-${key.length * 8}-gcm` as 'aes-256-gcm', key, p.subarray(0, 12)) as DecipherGCM;
        d.setAAD(etcdKey);
        d.setAuthTag(p.subarray(p.length - 16));
        return ok(Buffer.concat([d.update(p.subarray(12, p.length - 16)), d.final()]));
      }
      case 'secretbox': {
        if (key.length !== 32) return fail('etcd.decrypt', `key ${e.keyName} is ${key.length} bytes; secretbox needs 32`, where);
        const opened = nacl.secretbox.open(p.subarray(24), p.subarray(0, 24), key);
        return opened
          ? ok(Buffer.from(opened))
          : fail('etcd.decrypt', `key ${e.keyName} does not open this value (wrong key, or the value was changed)`, where);
      }
    }
  } catch {
    // Node's messages ("bad decrypt", "Unsupported state or unable to authenticate data") say the same in fewer words.
    return fail(
      'etcd.decrypt',
      e.provider === 'aesgcm'
        ? `key ${e.keyName} does not decrypt this value under ${etcdKey.toString('latin1')} (wrong key, a changed value, or a value copied from another key: AES-GCM authenticates the etcd key)`
        : `key ${e.keyName} does not decrypt this value (wrong key, or the value was changed: its padding is wrong)`,
      where,
    );
  }
  return fail('etcd.decrypt', `unknown provider ${e.provider}`, where);
}

/** What kube-apiserver hands its transformers: a protobuf envelope (`k8s\0`) or JSON. A wrong AES-CBC key can pass the padding check; its output is neither. */
const looksStored = (b: Buffer) => b.subarray(0, 4).equals(Buffer.from('k8s\0', 'latin1')) || b[0] === 0x7b;

/**
 * Decrypts with the keys of an EncryptionConfiguration (`source`: where it was read, for messages): the
 * key the value's prefix names, each key of that provider and name in config order until one opens it.
 */
export function decryptWith(config: EncryptionConfig, e: EncryptedValue, etcdKey: Buffer, source: string): Result<Buffer> {
  const where = `${e.provider} key ${e.keyName}`;
  const { keys, kms, found } = keysFor(config, e);
  if (e.provider === 'kms')
    return fail(
      'etcd.decrypt',
      kms
        ? `this value needs the KMS plugin ${e.keyName} (${kms.endpoint || 'no endpoint'} in ${source}); KubeLab does not call KMS plugins`
        : `this value needs the KMS plugin ${e.keyName}, which ${source} does not name (it has: ${found.join(', ') || 'no keys'})`,
      where,
    );
  if (!keys.length) return fail('etcd.decrypt', `the value needs ${e.provider} key ${e.keyName}; ${source} has: ${found.join(', ') || 'no keys'}`, where);
  let last: Result<Buffer> | undefined;
  for (const key of keys) {
    const d = decryptValue(e, key, etcdKey);
    if (d.ok && looksStored(d.value)) return d;
    last = d.ok ? fail('etcd.decrypt', `key ${e.keyName} of ${source} does not decrypt this value (wrong key: the result is not a stored object)`, where) : d;
  }
  return last as Result<Buffer>;
}
