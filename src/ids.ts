/**
 * Every id KubeLab contributes, in one place. package.json repeats them (VS Code
 * reads ids only from there); test/unit/manifest.test.ts checks both agree.
 */
export const EXTENSION_ID = 'kubelab.kubelab';

export const ViewId = {
  container: 'kubelab',
  cluster: 'kubelab.cluster',
  etcd: 'kubelab.etcd',
  history: 'kubelab.history',
  requests: 'kubelab.requests',
} as const;

/**
 * Every command's name: its id is `kubelab.<name>`, and its handler in
 * adapters/commands.ts is the function of the same name (one hop from the
 * composition root).
 */
export const COMMANDS = [
  'clusterRefresh',
  'clusterPickKubeconfig',
  'clusterUseContext',
  'clusterOpenObject',
  'clusterLoadMore',
  'clusterRefreshNode',
  'clusterCopyCurl',
  'clusterCopyPath',
  'clusterDeletePod',
  'clusterShowInEtcd',
  'clusterReveal',
  'etcdConnect',
  'etcdConnectThroughCluster',
  'etcdRefresh',
  'etcdDetectKubeadm',
  'etcdSetPassword',
  'etcdOpenValue',
  'etcdLoadMore',
  'etcdCopyKey',
  'etcdCopyEtcdctl',
  'etcdWatchPrefix',
  'etcdWatchPrefixFrom',
  'etcdStopWatch',
  'etcdCheckConsistency',
  'etcdStopMember',
  'etcdStartMember',
  'etcdToggleRaw',
  'etcdDecrypt',
  'etcdOpenViaApi',
  'etcdReveal',
  'etcdShowHistory',
  'etcdShowDeletedHistory',
  'historyCompareWithPrevious',
  'historyCompareWithCurrent',
  'historyShowEarlier',
  'whoChangedField',
  'requestOpen',
  'requestsFilter',
  'requestsRefresh',
  'requestOpenInEtcd',
  'requestCompareWithBefore',
  'clusterShowRequests',
  'historyShowRequest',
  'revealSecretData',
  'lessonRun',
  'lessonRunStep',
  'lessonOpen',
  'lessonOpenFolder',
  'lessonCheck',
  'lessonSetup',
  'lessonReset',
  'openSettings',
  'openWalkthrough',
  'openEtcdClusterLesson',
  'showLog',
] as const;

export type CommandName = (typeof COMMANDS)[number];

export const CommandId = Object.fromEntries(COMMANDS.map((n) => [n, `kubelab.${n}`])) as { readonly [N in CommandName]: `kubelab.${N}` };

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
  lessonTrustedFolders: 'lesson.trustedFolders',
  lessonScriptTimeoutSeconds: 'lesson.scriptTimeoutSeconds',
  requestsAuditLog: 'requests.auditLog',
  requestsKeep: 'requests.keep',
  encryptionConfig: 'encryptionConfig',
} as const;

/** Keys of what KubeLab keeps in VS Code's globalState and SecretStorage. */
export const StateKey = {
  /** The context the Cluster view uses (KubeLab's own choice; the kubeconfig is never edited). */
  activeContext: 'kubelab.cluster.activeContext',
  /** The user chose Connect Through the Cluster for the etcd view (workspaceState). */
  etcdThroughCluster: 'kubelab.etcd.throughCluster',
  /** Per lesson folder, the digest of the scripts the user allowed to run (globalState). */
  lessonAllowedScripts: 'kubelab.lesson.allowedScripts',
  /** The start of the lab for which the lesson was opened (workspaceState). */
  lessonOpenedForLab: 'kubelab.lab.lessonOpenedFor',
} as const;
export const SecretKey = {
  etcdPassword: 'kubelab.etcd.password',
} as const;

/** Context keys KubeLab sets (when clauses of package.json read them). */
export const ContextKey = {
  /** A step of a built-in lesson whose commands all succeeded: its walkthrough's completion event. */
  lessonStepDone: (walkthrough: string, stepId: string) => `${walkthrough}.${stepId}.done`,
  /** The active editor is an etcd value encrypted at rest, not yet decrypted: the title bar offers Decrypt. */
  etcdEncrypted: 'kubelab.etcdDocumentEncrypted',
} as const;

/** The webview of a lesson the user opened from a folder. */
export const WebviewId = {
  lesson: 'kubelab.lesson',
} as const;

/** The scheme of the read-only JSON documents of API objects. */
export const API_DOCUMENT_SCHEME = 'kubelab-api';
/** The scheme of what a lesson's "Write to file" will write, shown before it does. */
export const LESSON_WRITE_SCHEME = 'kubelab-lesson-write';
/** The scheme of the read-only documents of etcd values. */
export const ETCD_DOCUMENT_SCHEME = 'kubelab-etcd';
/** The scheme of the read-only documents of audited requests. */
export const REQUEST_DOCUMENT_SCHEME = 'kubelab-request';

export const WalkthroughId = {
  lesson: 'kubelab.lesson',
  etcdCluster: 'kubelab.etcdCluster',
} as const;

/** A lesson that ships with KubeLab (a Katacoda scenario) and the walkthrough the build makes of it. */
export interface BuiltinLesson {
  /** The lesson's id in commands (`kubelab.lessonRun` and its walkthrough buttons). */
  readonly id: string;
  /** Its Katacoda folder (index.json, steps, ru/). */
  readonly folder: string;
  readonly walkthrough: (typeof WalkthroughId)[keyof typeof WalkthroughId];
  /** Where the build writes its walkthrough pages (<pages>/<language>/<step>.md). */
  readonly pages: string;
  /** The prefix of its strings in package.nls*.json: <nls>.title, <nls>.<step>.title, … */
  readonly nls: string;
}

/** The built-in lessons: the first one kept its ids, pages and strings from when it was the only one. */
export const BUILTIN_LESSONS: readonly BuiltinLesson[] = [
  { id: 'builtin', folder: 'walkthroughs/lesson', walkthrough: WalkthroughId.lesson, pages: 'walkthroughs/generated', nls: 'walkthrough' },
  {
    id: 'etcd-cluster',
    folder: 'walkthroughs/etcd-cluster',
    walkthrough: WalkthroughId.etcdCluster,
    pages: 'walkthroughs/generated/etcd-cluster',
    nls: 'walkthrough.etcdCluster',
  },
];
export const builtinLesson = (id: string): BuiltinLesson | undefined => BUILTIN_LESSONS.find((l) => l.id === id);
/** The first lesson (the API server and etcd), which `npm run lab` opens. */
export const BUILTIN_LESSON = 'builtin';
/** Everything under it is written by the build (the pages of every built-in lesson). */
export const WALKTHROUGH_PAGES = 'walkthroughs/generated';
/** The lesson's languages besides English (VS Code display languages). */
export const LESSON_LANGUAGES = ['ru'] as const;
