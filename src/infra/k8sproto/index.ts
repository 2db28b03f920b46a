// The entry of dist/k8sproto.js (scripts/build.mjs): the decoder, and the key
// order a document shows, read when the first value is decoded.
export { decodeRaw, resetCaches } from './decode';
export { descriptorReleases, releasesOf } from './releases';
export { inApiOrder } from './apiOrder';
