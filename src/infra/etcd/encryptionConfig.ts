/**
 * Finds and reads the EncryptionConfiguration that decrypts etcd values: the user's setting, else the
 * lab's, else the file a kubeadm node's kube-apiserver names (--encryption-provider-config). Read
 * again whenever the file changed (a rotation rewrites it); the keys live only in memory.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseEncryptionConfig, type EncryptionConfig } from '../../core/etcd/encryptionConfig';
import { fail, type Result } from '../../core/result';
import { kubeadmApiServerFlags } from './kubeadm';

export type ConfigSource = 'setting' | 'lab' | 'kubeadm';

/** Where the config is, in the order above; undefined when none is named anywhere. */
export function findEncryptionConfig(
  setting: string,
  labConfig: string | undefined,
  apiServerFlags: ReadonlyMap<string, string> = kubeadmApiServerFlags(),
): { path: string; from: ConfigSource } | undefined {
  if (setting) return { path: setting, from: 'setting' };
  if (labConfig) return { path: labConfig, from: 'lab' };
  const kubeadm = apiServerFlags.get('encryption-provider-config');
  return kubeadm ? { path: kubeadm, from: 'kubeadm' } : undefined;
}

/** The last file read, kept while it is unchanged (a History of 200 encrypted versions reads it once). */
let last: { path: string; stamp: string; config: EncryptionConfig } | undefined;

/** readEncryptionConfig, read again only when the file's size, time or inode changed. */
export function currentEncryptionConfig(path: string): Result<EncryptionConfig> {
  let stamp: string;
  try {
    const s = statSync(path);
    stamp = `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    last = undefined;
    return readEncryptionConfig(path); // says why it cannot be read
  }
  if (last?.path === path && last.stamp === stamp) return { ok: true, value: last.config };
  const c = readEncryptionConfig(path);
  last = c.ok ? { path, stamp, config: c.value } : undefined;
  return c;
}

export function readEncryptionConfig(path: string): Result<EncryptionConfig> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail(
      'encryption.read',
      code === 'EACCES'
        ? 'permission denied (on a control-plane node the file belongs to root: copy it somewhere only you can read, and point kubelab.etcd.encryptionConfig at the copy)'
        : code === 'ENOENT'
          ? 'no such file'
          : (code ?? (e as Error).message),
      path,
    );
  }
  const c = parseEncryptionConfig(text);
  return c.ok ? c : fail(c.error.code, c.error.message, path);
}
