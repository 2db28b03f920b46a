import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Etcd3 } from 'etcd3';
import { classifyValue } from '../../src/core/etcd/envelope';
import { encryptedOf } from '../../src/core/etcd/encryption';
import { decryptWith } from '../../src/infra/etcd/decrypt';
import { readEncryptionConfig } from '../../src/infra/etcd/encryptionConfig';
import { etcdKeyOf, isBuiltInGroup } from '../../src/core/kube/storageKeys';
import { connect, type KubeApi } from '../../src/infra/kube/api';
import { loadKubeconfig } from '../../src/infra/kube/kubeconfig';
import { decodeRaw } from '../../src/infra/k8sproto/decode';
import { decodeText } from '../../src/infra/k8sproto/text';
import { kubectl, labInfo, recreateHelloDemo, type LabInfo } from '../support/lab';

// The oracle: for every object the lab's API server holds, what KubeLab decodes
// from etcd equals the API server's own JSON for that object at the same
// resourceVersion (read from etcd at exactly that revision), nulls included, and
// once put in the API's key order it prints byte for byte the same. No list of
// kinds: whatever the lab holds is compared. CRDs, stored as v1beta1 JSON and
// served as v1, compare metadata only.

const SEED = `
apiVersion: v1
kind: ConfigMap
metadata: { name: oracle-cm, namespace: default, labels: { app: oracle } }
data: { greeting: привет, multi: "a\\nb" }
binaryData: { blob: AAECAw== }
---
apiVersion: v1
kind: Secret
metadata: { name: oracle-secret, namespace: default }
type: Opaque
data: { password: c2VjcmV0 }
---
apiVersion: v1
kind: Service
metadata: { name: oracle-svc, namespace: default }
spec: { selector: { app: hello-demo }, ports: [ { port: 80, targetPort: http } ] }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: oracle-sa, namespace: default }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: oracle-role, namespace: default }
rules: [ { apiGroups: [""], resources: [pods], verbs: [get, list] } ]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: oracle-rb, namespace: default }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: oracle-role }
subjects: [ { kind: ServiceAccount, name: oracle-sa, namespace: default } ]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: oracle-deploy, namespace: default }
spec:
  replicas: 1
  selector: { matchLabels: { app: oracle } }
  strategy: { rollingUpdate: { maxSurge: 25%, maxUnavailable: 0 } }
  template:
    metadata: { labels: { app: oracle } }
    spec:
      containers: [ { name: c, image: nginxdemos/hello:plain-text, resources: { limits: { cpu: 500m, memory: 64Mi } } } ]
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.kubelab.dev }
spec:
  group: kubelab.dev
  names: { kind: Widget, plural: widgets, singular: widget }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              x-kubernetes-preserve-unknown-fields: true
              properties:
                size: { x-kubernetes-int-or-string: true, anyOf: [ { type: integer }, { type: string } ] }
                tags: { type: array, items: { type: string }, x-kubernetes-list-type: set }
`;

describe('decoding etcd values: the oracle against the lab', function () {
  this.timeout(300_000);
  let lab: LabInfo;
  let api: KubeApi;
  let etcd: Etcd3;

  before(async () => {
    lab = labInfo();
    recreateHelloDemo(lab, true);
    const { execFileSync } = await import('node:child_process');
    execFileSync(`${lab.bin}/kubectl`, ['--kubeconfig', lab.kubeconfig, 'apply', '-f', '-'], { input: SEED, encoding: 'utf8' });
    kubectl(lab, 'wait', '--for=condition=Established', 'crd/widgets.kubelab.dev', '--timeout=60s');
    execFileSync(`${lab.bin}/kubectl`, ['--kubeconfig', lab.kubeconfig, 'apply', '-f', '-'], {
      input: 'apiVersion: kubelab.dev/v1\nkind: Widget\nmetadata: { name: w1, namespace: default }\nspec: { size: 3, tags: [a, b], extra: { free: form } }\n',
      encoding: 'utf8',
    });
    const kc = loadKubeconfig([lab.kubeconfig]);
    assert.ok(kc.ok);
    const c = await connect(kc.value.kc, kc.value.current as string);
    assert.ok(c.ok);
    api = c.value;
    etcd = new Etcd3({
      hosts: lab.etcd.endpoints,
      credentials: { rootCertificate: readFileSync(lab.etcd.caFile), certChain: readFileSync(lab.etcd.certFile), privateKey: readFileSync(lab.etcd.keyFile) },
    });
  });
  after(async () => {
    etcd?.close();
    try {
      kubectl(
        lab,
        'delete',
        '--ignore-not-found',
        '--wait=false',
        'widgets.kubelab.dev/w1',
        'crd/widgets.kubelab.dev',
        'cm/oracle-cm',
        'secret/oracle-secret',
        'svc/oracle-svc',
        'sa/oracle-sa',
        'role/oracle-role',
        'rolebinding/oracle-rb',
        'deploy/oracle-deploy',
        'pod/hello-demo',
      );
    } catch {
      // the lab may be gone
    }
  });

  const get = async (path: string) => {
    const r = await api.request(path, { timeoutMs: 20_000 });
    assert.ok(r.ok && r.value.status === 200, `GET ${path}: ${r.ok ? r.value.status : r.error.message}`);
    return r.value.body as Record<string, unknown>;
  };

  it('decodes every object the API server serves to exactly its JSON at the same resourceVersion', async () => {
    // Every listable resource of every served group version.
    const versions: string[] = ['/api/v1'];
    const groups = (await get('/apis')) as { groups: Array<{ versions: Array<{ groupVersion: string }> }> };
    for (const g of groups.groups) for (const v of g.versions) versions.push(`/apis/${v.groupVersion}`);
    const compared = new Map<string, string>();
    const decrypted: string[] = [];
    const config = lab.encryptionConfig ? readEncryptionConfig(lab.encryptionConfig) : undefined;
    const keys = config?.ok ? config.value : undefined;
    const skipped: string[] = [];
    const converted: string[] = [];
    for (const base of versions) {
      const list = (await get(base)) as { groupVersion: string; resources: Array<{ name: string; kind: string; namespaced: boolean; verbs: string[] }> };
      const group = list.groupVersion.includes('/') ? (list.groupVersion.split('/')[0] as string) : '';
      for (const r of list.resources) {
        if (r.name.includes('/') || !r.verbs.includes('list') || !r.verbs.includes('get')) continue;
        const items = ((await get(`${base}/${r.name}`)) as { items: Array<{ metadata: { name: string; namespace?: string } }> }).items;
        for (const item of items) {
          const key = etcdKeyOf({ group, resource: r.name, namespace: item.metadata.namespace, name: item.metadata.name }, isBuiltInGroup);
          const path = `${base}${item.metadata.namespace ? `/namespaces/${item.metadata.namespace}` : ''}/${r.name}/${item.metadata.name}`;
          const fromApi = await get(path);
          const rv = (fromApi.metadata as { resourceVersion: string }).resourceVersion;
          const value = await etcd.get(key).revision(rv).buffer();
          if (!value) {
            skipped.push(`${path}: no ${key} at revision ${rv}`);
            continue;
          }
          // A lab started with --encrypt (the test lab is) stores Secrets encrypted: decrypted with its keys, as Decrypt does.
          const sealed = encryptedOf(value);
          let stored = value;
          if (sealed) {
            assert.ok(keys, `${key} is encrypted, and the lab names no EncryptionConfiguration`);
            const d = decryptWith(keys, sealed, Buffer.from(key), lab.encryptionConfig ?? '');
            assert.ok(d.ok, `${key}: ${d.ok ? '' : d.error.message}`);
            stored = d.value;
            decrypted.push(key);
          }
          const v = classifyValue(stored);
          let decoded: Record<string, unknown>;
          let text: string | undefined;
          if (v.format === 'protobuf') {
            const d = decodeRaw(v.apiVersion, v.kind, v.raw);
            assert.ok(d.ok, `${key}: ${!d.ok && d.reason}`);
            decoded = d.object;
            const t = decodeText(v.apiVersion, v.kind, v.raw, 2);
            assert.ok('text' in t, `${key}: no text`);
            text = t.text;
          } else if (v.format === 'json') {
            decoded = v.value as Record<string, unknown>;
          } else {
            assert.fail(`${key}: stored as ${v.format}`);
          }
          // The API server writes resourceVersion from the key's mod_revision; etcd's copy has none.
          const expected = structuredClone(fromApi);
          delete (expected.metadata as Record<string, unknown>).resourceVersion;
          assert.equal((decoded.metadata as Record<string, unknown>).resourceVersion, undefined, `${key}: a resourceVersion in etcd`);
          if (decoded.apiVersion !== list.groupVersion) {
            // Stored in another version: compared where that version is served; where it is not
            // (CRDs are kept as apiextensions.k8s.io/v1beta1 JSON), the API converts, so only metadata is the same.
            const storedAt = String(decoded.apiVersion).includes('/') ? `/apis/${String(decoded.apiVersion)}` : `/api/${String(decoded.apiVersion)}`;
            if (versions.includes(storedAt)) continue;
            assert.deepEqual(decoded.metadata, expected.metadata, `${key} (${path}), stored as ${String(decoded.apiVersion)}`);
            compared.set(key, `${list.groupVersion} ${r.kind}`);
            converted.push(`${key} (stored as ${String(decoded.apiVersion)})`);
            continue;
          }
          assert.deepEqual(decoded, expected, `${key} (${path})`);
          // What the value document shows: the same keys in the API's order (Go field order), printed identically.
          if (v.format === 'protobuf') assert.equal(JSON.stringify(decoded), JSON.stringify(expected), `${key}: key order`);
          // (JSON.stringify leaves <, > and & as they are where Go, and so the text, escapes them.)
          const unescaped = text
            ?.replace(/\\u003c/g, '<')
            .replace(/\\u003e/g, '>')
            .replace(/\\u0026/g, '&');
          if (unescaped !== undefined) assert.equal(unescaped, JSON.stringify(expected, null, 2), `${key}: the document's text`);
          compared.set(key, `${list.groupVersion} ${r.kind}`);
        }
      }
    }
    const kinds = new Set(compared.values());
    for (const k of [
      'v1 Pod',
      'v1 Node',
      'v1 Namespace',
      'v1 Service',
      'v1 ConfigMap',
      'v1 Secret',
      'v1 ServiceAccount',
      'v1 Event',
      'coordination.k8s.io/v1 Lease',
      'rbac.authorization.k8s.io/v1 Role',
      'rbac.authorization.k8s.io/v1 ClusterRole',
      'rbac.authorization.k8s.io/v1 RoleBinding',
      'apps/v1 Deployment',
      'apiregistration.k8s.io/v1 APIService',
      'apiextensions.k8s.io/v1 CustomResourceDefinition',
      'kubelab.dev/v1 Widget',
    ]) {
      assert.ok(kinds.has(k), `no ${k} was compared (compared: ${[...kinds].sort().join(', ')}; not found: ${skipped.join('; ')})`);
    }
    assert.ok(compared.size > 100, `only ${compared.size} objects compared`);
    if (lab.encryptionConfig)
      assert.ok(decrypted.includes('/registry/secrets/default/oracle-secret'), 'the Secret, encrypted at rest, was decrypted and compared');
    assert.ok(converted.length <= 2, `compared by metadata only: ${converted.join('; ')}`);
    assert.ok(skipped.length < compared.size / 10, `too many objects not found where the storage layout says: ${skipped.slice(0, 5).join('; ')}`);
  });
});
