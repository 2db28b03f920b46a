// The lab's certificates, laid out as kubeadm lays them out under pki/
// (ca, apiserver, front-proxy, sa, etcd/{ca,server,peer,healthcheck-client}),
// plus client certificates for the admin, controller-manager and scheduler
// kubeconfigs. Made with Debian's openssl: ECDSA P-256, valid ten years.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

const openssl = (args, opts = {}) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });

function newKey(keyFile) {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', keyFile]);
}

function makeCa(pki, name, cn) {
  const key = join(pki, `${name}.key`);
  const crt = join(pki, `${name}.crt`);
  newKey(key);
  openssl([
    'req',
    '-x509',
    '-new',
    '-key',
    key,
    '-subj',
    `/CN=${cn}`,
    '-days',
    '3650',
    '-out',
    crt,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign',
  ]);
}

function makeCert(pki, name, ca, { cn, o, usage, sans = [] }) {
  const key = join(pki, `${name}.key`);
  const crt = join(pki, `${name}.crt`);
  const csr = join(pki, `${name}.csr`);
  const ext = join(pki, `${name}.ext`);
  newKey(key);
  openssl(['req', '-new', '-key', key, '-subj', `${o ? `/O=${o}` : ''}/CN=${cn}`, '-out', csr]);
  const lines = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', `extendedKeyUsage=${usage.join(',')}`];
  if (sans.length) lines.push(`subjectAltName=${sans.join(',')}`);
  writeFileSync(ext, lines.join('\n') + '\n');
  openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    join(pki, `${ca}.crt`),
    '-CAkey',
    join(pki, `${ca}.key`),
    '-set_serial',
    `0x${randomBytes(12).toString('hex')}`,
    '-days',
    '3650',
    '-extfile',
    ext,
    '-out',
    crt,
  ]);
  rmSync(csr);
  rmSync(ext);
}

const serverSans = [
  'DNS:controlplane',
  'DNS:localhost',
  'DNS:kubernetes',
  'DNS:kubernetes.default',
  'DNS:kubernetes.default.svc',
  'DNS:kubernetes.default.svc.cluster.local',
  'IP:127.0.0.1',
  'IP:10.96.0.1',
];
const etcdSans = ['DNS:controlplane', 'DNS:localhost', 'IP:127.0.0.1', 'IP:0:0:0:0:0:0:0:1'];

/** Creates pki/ under dir unless it is complete already; returns its path. */
export function ensurePki(dir) {
  const pki = join(dir, 'pki');
  if (existsSync(join(pki, '.complete'))) {
    ensureKubeletCert(pki); // a lab made before the kubelet had its own identity
    return pki;
  }
  rmSync(pki, { recursive: true, force: true });
  mkdirSync(join(pki, 'etcd'), { recursive: true });
  makeCa(pki, 'ca', 'kubernetes');
  makeCa(pki, 'front-proxy-ca', 'front-proxy-ca');
  makeCa(pki, 'etcd/ca', 'etcd-ca');
  makeCert(pki, 'apiserver', 'ca', { cn: 'kube-apiserver', usage: ['serverAuth'], sans: serverSans });
  makeCert(pki, 'apiserver-kubelet-client', 'ca', { cn: 'kube-apiserver-kubelet-client', o: 'system:masters', usage: ['clientAuth'] });
  makeCert(pki, 'front-proxy-client', 'front-proxy-ca', { cn: 'front-proxy-client', usage: ['clientAuth'] });
  makeCert(pki, 'apiserver-etcd-client', 'etcd/ca', { cn: 'kube-apiserver-etcd-client', usage: ['clientAuth'] });
  makeCert(pki, 'etcd/server', 'etcd/ca', { cn: 'controlplane', usage: ['serverAuth', 'clientAuth'], sans: etcdSans });
  makeCert(pki, 'etcd/peer', 'etcd/ca', { cn: 'controlplane', usage: ['serverAuth', 'clientAuth'], sans: etcdSans });
  makeCert(pki, 'etcd/healthcheck-client', 'etcd/ca', { cn: 'kube-etcd-healthcheck-client', usage: ['clientAuth'] });
  makeCert(pki, 'admin', 'ca', { cn: 'kubernetes-admin', o: 'system:masters', usage: ['clientAuth'] });
  makeCert(pki, 'controller-manager', 'ca', { cn: 'system:kube-controller-manager', usage: ['clientAuth'] });
  makeCert(pki, 'scheduler', 'ca', { cn: 'system:kube-scheduler', usage: ['clientAuth'] });
  ensureKubeletCert(pki);
  newKey(join(pki, 'sa.key'));
  openssl(['pkey', '-in', join(pki, 'sa.key'), '-pubout', '-out', join(pki, 'sa.pub')]);
  writeFileSync(join(pki, '.complete'), new Date().toISOString());
  return pki;
}

/** The node's kubelet (kwok in the lab) as kubeadm's kubelet.conf names it: system:node:controlplane in system:nodes. */
function ensureKubeletCert(pki) {
  if (!existsSync(join(pki, 'kubelet.crt'))) makeCert(pki, 'kubelet', 'ca', { cn: 'system:node:controlplane', o: 'system:nodes', usage: ['clientAuth'] });
}

/** A kubeconfig with the certificate embedded, as kubeadm writes admin.conf. */
export function writeKubeconfig(file, { server, pki, cert, user, context = 'kubelab' }) {
  const b64 = (p) => readFileSync(p).toString('base64');
  const text = `apiVersion: v1
kind: Config
clusters:
- name: kubelab
  cluster:
    server: ${server}
    certificate-authority-data: ${b64(join(pki, 'ca.crt'))}
contexts:
- name: ${context}
  context:
    cluster: kubelab
    user: ${user}
current-context: ${context}
users:
- name: ${user}
  user:
    client-certificate-data: ${b64(join(pki, `${cert}.crt`))}
    client-key-data: ${b64(join(pki, `${cert}.key`))}
`;
  writeFileSync(file, text, { mode: 0o600 });
}
