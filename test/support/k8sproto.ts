/** Kubernetes protobuf values for the unit tests, made with the shipped descriptor. */
import * as protobuf from 'protobufjs/light';
import descriptor from '../../src/infra/k8sproto/descriptor.json';

// Values are built with the same descriptor (protobufjs encode) and wrapped in
// the storage envelope as the API server writes it: k8s\0 + runtime.Unknown.
export const root = protobuf.Root.fromJSON((descriptor as { root: protobuf.INamespace }).root);
export const encode = (type: string, obj: Record<string, unknown>) => {
  const t = root.lookupType(type);
  return Buffer.from(t.encode(t.fromObject(obj)).finish());
};
export const envelope = (apiVersion: string, kind: string, raw: Buffer) =>
  Buffer.concat([
    Buffer.from('k8s\0', 'latin1'),
    encode('k8s.io.apimachinery.pkg.runtime.Unknown', { typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' }),
  ]);

export const pod = () =>
  encode('k8s.io.api.core.v1.Pod', {
    metadata: { name: 'hello-demo', namespace: 'default', uid: 'u-1', creationTimestamp: { seconds: 1764072000 }, labels: { app: 'hello-demo' } },
    spec: {
      containers: [
        {
          name: 'hello',
          image: 'nginxdemos/hello:plain-text',
          ports: [{ containerPort: 80 }],
          resources: { limits: { cpu: { string: '500m' }, memory: { string: '64Mi' } } },
          livenessProbe: { handler: { httpGet: { path: '/', port: { type: 1, strVal: 'http' } } } },
        },
      ],
      terminationGracePeriodSeconds: 30,
      volumes: [{ name: 'cfg', volumeSource: { configMap: { localObjectReference: { name: 'kube-root-ca.crt' } } } }],
    },
    status: { phase: 'Running', startTime: { seconds: 1764072001 } },
  });
