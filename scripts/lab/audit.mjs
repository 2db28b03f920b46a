// The lab's audit policy (audit.k8s.io/v1, https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/):
// what the API server records of each request, for KubeLab's Requests view. Writes get their request
// and response objects (the response's resourceVersion is the etcd revision the write made); reads
// only who asked for what; Secrets, ConfigMaps, tokens and reviews only metadata, never a body; health
// checks, discovery, and the reads of leases (every component renews one every few seconds) not at all.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
# One event per request, when its response is complete.
omitStages: [RequestReceived, ResponseStarted]
rules:
  - level: None
    nonResourceURLs: ['/healthz*', '/livez*', '/readyz*', '/metrics', '/version', '/openapi/*', '/api', '/api/*', '/apis', '/apis/*']
  - level: None
    verbs: [get, list, watch]
    resources:
      - group: coordination.k8s.io
        resources: [leases]
  - level: Metadata
    resources:
      - group: ''
        resources: [secrets, configmaps, serviceaccounts/token]
      - group: authentication.k8s.io
      - group: authorization.k8s.io
      - group: certificates.k8s.io
  - level: Metadata
    verbs: [get, list, watch]
  - level: RequestResponse
`;

/** Writes the policy into the lab's folder; returns it and where the API server writes its log. */
export function writeAuditPolicy(dir) {
  const policy = join(dir, 'audit-policy.yaml');
  writeFileSync(policy, AUDIT_POLICY);
  return { policy, log: join(dir, 'logs', 'audit.log') };
}
