// The entry of dist/client-node.js (scripts/build.mjs): only what KubeLab uses
// of @kubernetes/client-node, so the bundle carries no more of it.
export { KubeConfig } from '@kubernetes/client-node';
