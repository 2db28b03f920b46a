/**
 * Reads a kubeadm control-plane node's etcd static-pod manifest for what a
 * client needs (core/etcd/manifest.ts parses it).
 */
import { readFileSync } from 'node:fs';
import { parseEtcdManifest, type EtcdConnectionGuess } from '../../core/etcd/manifest';
import { fail, type Result } from '../../core/result';

export const KUBEADM_ETCD_MANIFEST = '/etc/kubernetes/manifests/etcd.yaml';

export function readKubeadmEtcd(path = KUBEADM_ETCD_MANIFEST): Result<EtcdConnectionGuess> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return fail('etcd.manifestMissing', `Cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, path);
  }
  const r = parseEtcdManifest(text);
  return r.ok ? r : fail(r.error.code, r.error.message, path);
}
