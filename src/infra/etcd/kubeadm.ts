/**
 * Reads a kubeadm control-plane node's static-pod manifests: etcd's for what a
 * client needs, kube-apiserver's for the files it names (core/etcd/manifest.ts parses them).
 */
import { readFileSync } from 'node:fs';
import { parseEtcdManifest, staticPodFlags, type EtcdConnectionGuess } from '../../core/etcd/manifest';
import { fail, type Result } from '../../core/result';

export const KUBEADM_ETCD_MANIFEST = '/etc/kubernetes/manifests/etcd.yaml';
export const KUBEADM_APISERVER_MANIFEST = '/etc/kubernetes/manifests/kube-apiserver.yaml';

/** The flags of this node's kube-apiserver static pod, or none when the manifest is not there or not readable. */
export function kubeadmApiServerFlags(path = KUBEADM_APISERVER_MANIFEST): ReadonlyMap<string, string> {
  try {
    return staticPodFlags(readFileSync(path, 'utf8'));
  } catch {
    return new Map();
  }
}

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
