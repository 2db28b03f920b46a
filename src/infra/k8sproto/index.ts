// The entry of dist/k8sproto.js (scripts/build.mjs): the decoders (to objects, and
// straight to text), and the key order of a broken value's partial object; read
// when the first value is decoded.
export { decodeRaw, resetCaches } from './decode';
export { decodeText, type DecodedText } from './text';
export { descriptorReleases, releasesOf } from './releases';
export { inApiOrder } from './apiOrder';
