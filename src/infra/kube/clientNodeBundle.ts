// The entry of dist/client-node.js (scripts/build.mjs): only what KubeLab uses
// of @kubernetes/client-node, so the bundle carries no more of it, and the
// WebSocket client it already carries (pods/exec and pods/portforward).
export { KubeConfig } from '@kubernetes/client-node';
export { WebSocket } from 'ws';
