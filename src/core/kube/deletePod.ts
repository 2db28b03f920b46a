/**
 * The lesson's DELETE, made safe: the exact request KubeLab shows before it
 * sends it, with a uid precondition so that a newer pod which took the same
 * name is never deleted by mistake (the API server answers 409 Conflict).
 */
import { CORE_PODS, objectPath } from './resources';

export interface DeleteRequest {
  readonly method: 'DELETE';
  readonly path: string;
  readonly body: {
    readonly kind: 'DeleteOptions';
    readonly apiVersion: 'v1';
    readonly preconditions: { readonly uid: string };
  };
}

export function deletePodRequest(namespace: string, name: string, uid: string): DeleteRequest {
  return {
    method: 'DELETE',
    path: objectPath(CORE_PODS, name, namespace),
    body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid } },
  };
}

/** What the user reads in the confirmation: the request line and its JSON body. */
export function describeRequest(r: DeleteRequest): string {
  return `${r.method} ${r.path}\n\n${JSON.stringify(r.body, null, 2)}`;
}

export type DeleteOutcome =
  | { readonly kind: 'accepted'; readonly terminating: boolean }
  | { readonly kind: 'conflict' | 'forbidden' | 'notFound' | 'unauthorized' | 'other'; readonly status: number; readonly message: string };

/** Reads the API server's answer to the DELETE (a Pod on 200/202, a Status otherwise). */
export function deleteOutcome(status: number, body: unknown): DeleteOutcome {
  const b = (body ?? {}) as { message?: string; metadata?: { deletionTimestamp?: string } };
  const message = b.message ?? `HTTP ${status}`;
  if (status === 200 || status === 202) return { kind: 'accepted', terminating: Boolean(b.metadata?.deletionTimestamp) };
  if (status === 409) return { kind: 'conflict', status, message };
  if (status === 403) return { kind: 'forbidden', status, message };
  if (status === 404) return { kind: 'notFound', status, message };
  if (status === 401) return { kind: 'unauthorized', status, message };
  return { kind: 'other', status, message };
}
