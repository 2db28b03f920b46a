import * as vscode from 'vscode';
import type { Failure, FailureCode } from '../core/result';

/**
 * The one place where a failure becomes words for the user, in their language.
 * The table is keyed by the closed union FailureCode: a new code without a
 * message here does not compile, and the l10n test fails while its Russian
 * text is missing. Each message says what failed, where, and what to do next;
 * none promises a click (buttons and clickable rows are the caller's).
 */
const where = (f: Failure) => f.where ?? '';
const t = vscode.l10n.t;

const byCode: { readonly [C in FailureCode]: (f: Failure) => string } = {
  'kubeconfig.missing': (f) => t('No kubeconfig at {0}. Choose a kubeconfig file, or set kubelab.kubeconfig.', where(f)),
  'kubeconfig.notFound': (f) => t('The kubeconfig {0} does not exist. Choose another kubeconfig file.', where(f)),
  'kubeconfig.read': (f) => t('Cannot read the kubeconfig {0}: {1}. Check that you may read it, or choose another file.', where(f), f.message),
  'kubeconfig.parse': (f) => t('The kubeconfig {0} is not valid: {1}. Fix the file, or choose another one.', where(f), f.message),
  'kubeconfig.empty': (f) => t('The kubeconfig {0} defines no context. Choose a kubeconfig with at least one context.', where(f)),
  'kubeconfig.context': (f) => t('The context {0} or its cluster is missing from the kubeconfig. Use another context.', where(f)),
  'kube.credentials': (f) =>
    t('Cannot get credentials for the context {0}: {1}. Check the user entry of your kubeconfig (an exec plugin must be on PATH).', where(f), f.message),
  'kube.unreachable': (f) => t('Cannot reach the API server ({0}): connection refused. Is the cluster running?', where(f)),
  'kube.dns': (f) => t("Cannot resolve the API server's host ({0}). Check the server address in your kubeconfig and your network.", where(f)),
  'kube.reset': (f) => t('The API server closed the connection ({0}). It may be restarting; try again in a moment.', where(f)),
  'kube.timeout': (f) =>
    t('The API server did not answer in time ({0}). Is it overloaded or unreachable? The deadline is kubelab.requestTimeoutSeconds.', where(f)),
  'kube.cancelled': () => t('Cancelled.'),
  'kube.tls': (f) => t('TLS with the API server failed ({0}): {1}. Check the certificate data in your kubeconfig.', where(f), f.message),
  'kube.network': (f) => t('The request to the API server failed ({0}): {1}.', where(f), f.message),
  'kube.http': httpMessage,
  'kube.notAList': (f) => t('{0} did not answer with a list: is this a Kubernetes API server?', where(f)),
  'kube.watchClosed': (f) => t('The API server closed the watch at once ({0}); KubeLab waits and watches again.', where(f)),
  'kube.watchError': (f) =>
    t('The watch of {0} reported an error: {1}. KubeLab lists the objects again; if this repeats, see the KubeLab log.', where(f), f.message),
  'etcd.noEndpoints': () => t('No etcd endpoint is set. Use Connect to etcd… or Detect from kubeadm.'),
  'etcd.endpoints.empty': () => t('No etcd endpoint given. Example: https://127.0.0.1:2379'),
  'etcd.endpoints.invalid': (f) => t('"{0}" is not a URL. Example: https://127.0.0.1:2379', where(f)),
  'etcd.endpoints.scheme': (f) => t('"{0}" must use https:// or http://', where(f)),
  'etcd.endpoints.port': (f) => t('"{0}" has no port. etcd\'s client port is usually 2379', where(f)),
  'etcd.manifest': (f) => t("{0} does not name etcd's client URL and certificate files. Use Connect to etcd… instead.", where(f)),
  'lab.control': (f) => t('The lab could not do it ({0}): {1}. Is the lab running (npm run lab)?', where(f), f.message),
  'etcd.decrypt': (f) => t('Cannot decrypt with {0}: {1}', where(f), f.message),
  'encryption.read': (f) => t('Cannot read the EncryptionConfiguration {0}: {1}. Choose another file in kubelab.encryptionConfig.', where(f), f.message),
  'encryption.config': (f) => t('The EncryptionConfiguration {0} is not valid: {1}. Fix the file, or choose another one.', where(f), f.message),
  'etcd.manifestMissing': (f) => t('No {0} here: this is not a kubeadm control-plane node, or you may not read it. Use Connect to etcd… instead.', where(f)),
  'etcd.tlsFile': (f) => t('Cannot read the etcd TLS file {0}: {1}. Check the kubelab.etcd.* settings.', where(f), f.message),
  'etcd.unreachable': (f) => t('Cannot reach etcd at {0}. Is it running, and is the endpoint right?', where(f)),
  'etcd.timeout': (f) => t('etcd at {0} did not answer in time. The deadline is kubelab.requestTimeoutSeconds.', where(f)),
  'etcd.tls': (f) => t('TLS with etcd at {0} failed: check the CA, client certificate and key settings.', where(f)),
  'etcd.auth': (f) => t('etcd at {0} refused the user name or password. Set them again (KubeLab: Set etcd Password…).', where(f)),
  'etcd.error': (f) => t('etcd at {0} answered with an error: {1}', where(f), f.message),
  'etcdPod.none': (f) =>
    t(
      'The context {0} shows no etcd pod (label component=etcd in kube-system): managed clusters (EKS, GKE, AKS) hide etcd. On a kubeadm cluster, check that the control plane runs; elsewhere use Connect to etcd… with its endpoints and certificates.',
      where(f),
    ),
  'etcdPod.flags': (f) => t("The pod {0} does not name etcd's client URL and certificate files in its command line. Use Connect to etcd… instead.", where(f)),
  'etcdPod.forbidden': (f) =>
    t(
      'RBAC does not let you {0} in kube-system, which connecting through the cluster needs ({1}). Ask for a role that allows it (kubectl auth can-i {0} -n kube-system tells whether you have it), or use Connect to etcd… with certificate files.',
      where(f),
      f.message,
    ),
  'etcdPod.exec': (f) => t('Running a command in the etcd pod {0} failed: {1}', where(f), f.message),
  'etcdPod.read': (f) =>
    t("Cannot read etcd's certificate files in the pod {0}: {1}. The files its flags name must be readable in its container.", where(f), f.message),
  'etcdPod.forward': (f) => t('The port-forward to the etcd pod {0} failed: {1}', where(f), f.message),
};

function httpMessage(f: Failure): string {
  switch (f.status) {
    case 401:
      return t('The API server rejected the credentials (401): they may have expired. Renew them in your kubeconfig, then refresh.');
    case 403:
      return t('Forbidden by RBAC (403): {0}', f.message);
    case 404:
      return t('Not found (404): {0}', where(f));
    case 410:
      return t('Gone (410): the resource version is too old; refresh to list again.');
    default:
      return t('The API server answered HTTP {0} ({1}): {2}', f.status ?? '?', where(f), f.message);
  }
}

export function describeFailure(f: Failure): string {
  return byCode[f.code](f);
}
