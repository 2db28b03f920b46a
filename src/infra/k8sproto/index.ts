// The entry of dist/k8sproto.js (scripts/build.mjs): the decoder, and the key
// order a document shows, read when the first value is decoded.
export { decodeRaw, descriptorVersion, resetCaches } from './decode';
export { inApiOrder } from './apiOrder';
