/**
 * One rule for every document KubeLab opens (an etcd value, an object read
 * through the API): a Secret's data is masked, showing only sizes, until the
 * user reveals it (after a confirmation). Pure.
 */
import type { Json, JsonObject } from '../json';
import type { Translate } from '../l10n';

export type { Json, JsonObject };

/** An etcd key that holds a Secret. */
export const isSecretKey = (key: string): boolean => key.startsWith('/registry/secrets/');

/** A REST path of one Secret (`/api/v1/namespaces/<ns>/secrets/<name>`). */
export const isSecretPath = (path: string): boolean => /^\/api\/v1\/namespaces\/[^/]+\/secrets\/[^/]+$/.test(path);

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** A Secret with its values replaced by their sizes (data, stringData, and kubectl's last-applied copy). */
export function maskSecret(o: JsonObject, t: Translate): JsonObject {
  const hide = (v: Json) => t('<hidden: {0} bytes>', typeof v === 'string' ? Buffer.from(v, 'base64').length : 0);
  const out: JsonObject = { ...o };
  for (const field of ['data', 'stringData']) {
    const d = o[field];
    if (d && typeof d === 'object' && !Array.isArray(d))
      out[field] = Object.fromEntries(Object.entries(d).map(([k, v]) => [k, field === 'data' ? hide(v) : t('<hidden>')]));
  }
  const meta = o.metadata;
  if (meta && typeof meta === 'object' && !Array.isArray(meta)) {
    const ann = meta.annotations;
    if (ann && typeof ann === 'object' && !Array.isArray(ann) && LAST_APPLIED in ann)
      out.metadata = { ...meta, annotations: { ...ann, [LAST_APPLIED]: t('<hidden: holds the data>') } };
  }
  return out;
}
