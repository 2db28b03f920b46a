/**
 * Every command of KubeLab, one table: the key is the command's name, its id
 * is `kubelab.<name>` (ids.ts), and the handler is the function of the same
 * name, defined next to what it works on. The type makes sure none is missing.
 */
import * as vscode from 'vscode';
import { EXTENSION_ID, WalkthroughId, type CommandName } from '../ids';
import {
  clusterCopyCurl,
  clusterCopyPath,
  clusterDeletePod,
  clusterLoadMore,
  clusterOpenObject,
  clusterPickKubeconfig,
  clusterRefresh,
  clusterRefreshNode,
  clusterUseContext,
} from './cluster/commands';
import { etcdCheckConsistency, etcdStartMember, etcdStopMember } from './etcd/members';
import { clusterShowInEtcd, etcdDecrypt, etcdOpenValue, etcdOpenViaApi, etcdToggleRaw, revealSecretData } from './documentCommands';
import {
  etcdConnect,
  etcdConnectThroughCluster,
  etcdCopyEtcdctl,
  etcdCopyKey,
  etcdDetectKubeadm,
  etcdLoadMore,
  etcdRefresh,
  etcdSetPassword,
  etcdStopWatch,
  etcdWatchPrefix,
  etcdWatchPrefixFrom,
} from './etcd/commands';
import { etcdShowDeletedHistory, etcdShowHistory, historyCompareWithCurrent, historyCompareWithPrevious, historyShowEarlier } from './history/commands';
import { whoChangedField } from './history/whoChanged';
import {
  clusterShowRequests,
  historyShowRequest,
  requestCompareWithBefore,
  requestOpen,
  requestOpenInEtcd,
  requestsFilter,
  requestsRefresh,
} from './requests/commands';
import { lessonCheck, lessonOpen, lessonOpenFolder, lessonReset, lessonRun, lessonRunStep, lessonSetup } from './lesson/commands';
import { clusterReveal, etcdReveal } from './reveal';
import type { Command, Services } from './services';
import { parseTarget } from './targets';

const showLog: Command = (s) => () => s.ctx.log.show();
const openSettings: Command = () => () => vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${EXTENSION_ID}`);
const openWalkthrough: Command = () => () =>
  vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${WalkthroughId.lesson}`, false);
const openEtcdClusterLesson: Command = () => () =>
  vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${WalkthroughId.etcdCluster}`, false);

const commands = {
  clusterRefresh,
  clusterPickKubeconfig,
  clusterUseContext,
  clusterOpenObject,
  clusterLoadMore,
  clusterRefreshNode,
  clusterCopyCurl,
  clusterCopyPath,
  clusterDeletePod,
  clusterShowInEtcd,
  clusterReveal,
  etcdConnect,
  etcdConnectThroughCluster,
  etcdRefresh,
  etcdDetectKubeadm,
  etcdSetPassword,
  etcdOpenValue,
  etcdLoadMore,
  etcdCopyKey,
  etcdCopyEtcdctl,
  etcdWatchPrefix,
  etcdWatchPrefixFrom,
  etcdStopWatch,
  etcdCheckConsistency,
  etcdStopMember,
  etcdStartMember,
  etcdToggleRaw,
  etcdDecrypt,
  etcdOpenViaApi,
  etcdReveal,
  etcdShowHistory,
  etcdShowDeletedHistory,
  historyCompareWithPrevious,
  historyCompareWithCurrent,
  historyShowEarlier,
  whoChangedField,
  requestOpen,
  requestsFilter,
  requestsRefresh,
  requestOpenInEtcd,
  requestCompareWithBefore,
  clusterShowRequests,
  historyShowRequest,
  revealSecretData,
  lessonRun,
  lessonRunStep,
  lessonOpen,
  lessonOpenFolder,
  lessonCheck,
  lessonSetup,
  lessonReset,
  openSettings,
  openWalkthrough,
  openEtcdClusterLesson,
  showLog,
} satisfies { readonly [N in CommandName]: Command };

export type Handlers = { readonly [N in CommandName]: (...args: unknown[]) => Promise<unknown> };

/**
 * The handlers, each behind the one argument parser and one error rule: a
 * command that throws is logged and named to the user, never lost.
 */
export function createHandlers(s: Services): Handlers {
  const out: Partial<Record<CommandName, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const [name, factory] of Object.entries(commands) as [CommandName, Command][]) {
    const handler = factory(s);
    out[name] = async (...args: unknown[]) => {
      try {
        return await handler(parseTarget(args[0]), ...args.slice(1));
      } catch (e) {
        s.ctx.log.error(`command kubelab.${name} failed`, e);
        void vscode.window.showErrorMessage(
          vscode.l10n.t('KubeLab: {0} failed: {1}. See the KubeLab log for details.', `kubelab.${name}`, e instanceof Error ? e.message : String(e)),
        );
        return undefined;
      }
    };
  }
  return out as Handlers;
}
