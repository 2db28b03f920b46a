/**
 * Key material never reaches a log. Everything KubeLab writes to its output
 * channel passes through `redact`, which removes PEM blocks, bearer tokens,
 * base64 client keys from kubeconfigs and password fields.
 */
const PEM = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?(?:-----END \1-----|$)/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const KUBECONFIG_SECRET =
  /\b(client-key-data|client-certificate-data|token|password|auth-provider-token|id-token|refresh-token)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi;

export const REDACTED = '[redacted]';

export function redact(text: string): string {
  return text
    .replace(PEM, (_m, label: string) => `-----BEGIN ${label}----- ${REDACTED} -----END ${label}-----`)
    .replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(KUBECONFIG_SECRET, (_m, field: string, sep: string) => `${field}${sep}${REDACTED}`);
}
