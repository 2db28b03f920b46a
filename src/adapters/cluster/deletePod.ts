/**
 * Right-click → Delete Pod via REST: a modal shows the exact request and body
 * (DeleteOptions with the clicked pod's uid as precondition); on "Delete" it
 * is sent with progress, the pod's Terminating state follows in the tree, and
 * once it is gone a follow-up GET shows the 404, as in the lesson.
 */
import * as vscode from 'vscode';
import { deleteOutcome, deletePodRequest, describeRequest } from '../../core/kube/deletePod';
import { CORE_PODS, collectionPath } from '../../core/kube/resources';
import type { KubeObject } from '../../core/kube/objects';
import { ListWatch } from '../../infra/kube/listWatch';
import type { Ctx } from '../ctx';
import { describeFailure } from '../failures';
import type { ClusterSession } from './session';

export type DeleteResult = 'cancelled' | 'deleted' | 'conflict' | 'forbidden' | 'notFound' | 'unauthorized' | 'failed' | 'stillThere';

/** Resolves true when the pod is gone (its watch shows no item), false on timeout. */
async function waitUntilGone(session: ClusterSession, ns: string, name: string, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
  const api = await session.api();
  if (!api.ok) return false;
  return new Promise<boolean>((resolve) => {
    let done = false;
    const finish = (v: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      watch.dispose();
      resolve(v);
    };
    const watch = new ListWatch(
      api.value,
      `${collectionPath(CORE_PODS, ns)}?fieldSelector=${encodeURIComponent(`metadata.name=${name}`)}`,
      { pageSize: 1, timeoutMs: session.deadlines().requestMs, watchTimeoutSeconds: session.deadlines().watchSeconds },
      {
        onChange: (state) => state.items.length === 0 && finish(true),
      },
    );
    const timer = setTimeout(() => finish(false), timeoutMs);
    signal.addEventListener('abort', () => finish(false), { once: true });
    void watch.start().then((r) => {
      if (r.ok && r.value.items.length === 0) finish(true);
    });
  });
}

export async function deletePodViaRest(ctx: Ctx, session: ClusterSession, pod: KubeObject): Promise<DeleteResult> {
  const ns = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name;
  const uid = pod.metadata.uid;
  if (!uid) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Pod {0}/{1} has no uid; refresh the view and try again.', ns, name));
    return 'failed';
  }
  const req = deletePodRequest(ns, name, uid);
  const confirm = vscode.l10n.t('Delete');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Delete pod {0}/{1} via REST?', ns, name),
    {
      modal: true,
      detail: vscode.l10n.t(
        'KubeLab will send this request to the API server:\n\n{0}\n\nThe uid precondition makes sure only this pod is deleted, not a newer one with the same name.',
        describeRequest(req),
      ),
    },
    confirm,
  );
  if (choice !== confirm) return 'cancelled';
  ctx.log.info(`${req.method} ${req.path} (preconditions.uid=${uid})`);

  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Deleting pod {0}/{1}', ns, name), cancellable: true },
    async (progress, token): Promise<DeleteResult> => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      progress.report({ message: `${req.method} ${req.path}` });
      const r = await session.request(req.path, { method: req.method, body: req.body, signal: abort.signal });
      if (!r.ok) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Delete pod {0}/{1} failed: {2}', ns, name, describeFailure(r.error)));
        return 'failed';
      }
      const outcome = deleteOutcome(r.value.status, r.value.body);
      ctx.log.info(`${req.method} ${req.path} → ${r.value.status}`);
      switch (outcome.kind) {
        case 'conflict':
          void vscode.window.showErrorMessage(
            vscode.l10n.t(
              'Not deleted: {0}/{1} is now another pod (uid is no longer {2}); the API server answered 409 Conflict. Refresh to see the new pod.',
              ns,
              name,
              uid,
            ),
          );
          return 'conflict';
        case 'forbidden':
          void vscode.window.showErrorMessage(vscode.l10n.t('Not allowed to delete pods in {0} (403 Forbidden by RBAC): {1}', ns, outcome.message));
          return 'forbidden';
        case 'notFound':
          void vscode.window.showWarningMessage(vscode.l10n.t('Pod {0}/{1} was already gone (404 Not Found).', ns, name));
          return 'notFound';
        case 'unauthorized':
          void vscode.window.showErrorMessage(
            vscode.l10n.t('The API server rejected the credentials (401). They may have expired: renew them in your kubeconfig.'),
          );
          return 'unauthorized';
        case 'other':
          void vscode.window.showErrorMessage(vscode.l10n.t('Delete pod {0}/{1} failed: {2}', ns, name, outcome.message));
          return 'failed';
        case 'accepted':
          break;
      }
      progress.report({ message: vscode.l10n.t('Terminating… waiting until the API server removes it') });
      const gone = await waitUntilGone(session, ns, name, session.deadlines().deletionWaitMs, abort.signal);
      const after = await session.request(req.path, { signal: abort.signal });
      if (gone && after.ok && after.value.status === 404) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Pod {0}/{1} is gone: GET {2} now answers 404 Not Found.', ns, name, req.path));
        return 'deleted';
      }
      void vscode.window.showWarningMessage(vscode.l10n.t('Pod {0}/{1} is still terminating; the tree shows when it is gone.', ns, name));
      return 'stillThere';
    },
  );
}
