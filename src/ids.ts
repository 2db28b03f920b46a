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
  clusterUseContext: 'kubelab.cluster.useContext',
  clusterOpenObject: 'kubelab.cluster.openObject',
  clusterLoadMore: 'kubelab.cluster.loadMore',
  clusterRefreshNode: 'kubelab.cluster.refreshNode',
  clusterCopyCurl: 'kubelab.cluster.copyCurl',
  clusterCopyPath: 'kubelab.cluster.copyPath',
  clusterDeletePod: 'kubelab.cluster.deletePod',
  etcdConnect: 'kubelab.etcd.connect',
  etcdRefresh: 'kubelab.etcd.refresh',
  etcdDetectKubeadm: 'kubelab.etcd.detectKubeadm',
  etcdSetPassword: 'kubelab.etcd.setPassword',
  etcdOpenValue: 'kubelab.etcd.openValue',
  etcdLoadMore: 'kubelab.etcd.loadMore',
  etcdCopyKey: 'kubelab.etcd.copyKey',
  etcdCopyEtcdctl: 'kubelab.etcd.copyEtcdctl',
  etcdWatchPrefix: 'kubelab.etcd.watchPrefix',
  etcdStopWatch: 'kubelab.etcd.stopWatch',
  etcdToggleRaw: 'kubelab.etcd.toggleRaw',
  etcdRevealSecret: 'kubelab.etcd.revealSecret',
  etcdOpenViaApi: 'kubelab.etcd.openViaApi',
  clusterShowInEtcd: 'kubelab.cluster.showInEtcd',
  clusterReveal: 'kubelab.cluster.reveal',
  etcdReveal: 'kubelab.etcd.reveal',
  lessonRun: 'kubelab.lesson.run',
  lessonRunStep: 'kubelab.lesson.runStep',
  lessonOpen: 'kubelab.lesson.open',
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
  etcdUsername: 'etcd.username',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
  clusterPageSize: 'cluster.pageSize',
  clusterShowEmptyKinds: 'cluster.showEmptyKinds',
} as const;

/** Keys of what KubeLab keeps in VS Code's globalState and SecretStorage. */
export const StateKey = {
  /** The context the Cluster view uses (KubeLab's own choice; the kubeconfig is never edited). */
  activeContext: 'kubelab.cluster.activeContext',
} as const;
export const SecretKey = {
  etcdPassword: 'kubelab.etcd.password',
} as const;

/** Context keys KubeLab sets (when clauses of package.json read them). */
export const ContextKey = {
  /** A step of the built-in lesson whose commands all succeeded: its walkthrough completion event. */
  lessonStepDone: (stepId: string) => `kubelab.lesson.${stepId}.done`,
} as const;

/** The webview of a lesson the user opened from a folder. */
export const WebviewId = {
  lesson: 'kubelab.lesson',
} as const;

/** The scheme of the read-only JSON documents of API objects. */
export const API_DOCUMENT_SCHEME = 'kubelab-api';
/** The scheme of the read-only documents of etcd values. */
export const ETCD_DOCUMENT_SCHEME = 'kubelab-etcd';

export const WalkthroughId = {
  lesson: 'kubelab.lesson',
} as const;

/** The built-in lesson (a Katacoda scenario) and where the build writes its walkthrough pages. */
export const BUILTIN_LESSON = 'builtin';
export const LESSON_FOLDER = 'walkthroughs/lesson';
export const WALKTHROUGH_PAGES = 'walkthroughs/generated';
/** The lesson's languages besides English (VS Code display languages). */
export const LESSON_LANGUAGES = ['ru'] as const;

export type CommandIdValue = (typeof CommandId)[keyof typeof CommandId];
