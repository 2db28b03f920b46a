/**
 * Every id KubeLab contributes, in one place. package.json repeats them (VS Code
 * reads ids only from there); test/unit/manifest.test.ts checks both agree.
 */
export const EXTENSION_ID = 'kubelab.kubelab';

export const ViewId = {
  container: 'kubelab',
  cluster: 'kubelab.cluster',
  etcd: 'kubelab.etcd',
} as const;

export const CommandId = {
  clusterRefresh: 'kubelab.cluster.refresh',
  clusterPickKubeconfig: 'kubelab.cluster.pickKubeconfig',
  etcdConnect: 'kubelab.etcd.connect',
  etcdRefresh: 'kubelab.etcd.refresh',
  openSettings: 'kubelab.openSettings',
  openWalkthrough: 'kubelab.openWalkthrough',
  showLog: 'kubelab.showLog',
} as const;

export const SettingId = {
  section: 'kubelab',
  kubeconfig: 'kubeconfig',
  etcdEndpoints: 'etcd.endpoints',
  etcdCaFile: 'etcd.caFile',
  etcdCertFile: 'etcd.certFile',
  etcdKeyFile: 'etcd.keyFile',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
} as const;

export const WalkthroughId = {
  lesson: 'kubelab.lesson',
} as const;

export type CommandIdValue = (typeof CommandId)[keyof typeof CommandId];
