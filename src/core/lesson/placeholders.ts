/**
 * Katacoda's and Killercoda's placeholders for the scenario machine: the
 * addresses of its ports (`https://[[HOST_SUBDOMAIN]]-80-[[KATACODA_HOST]].environments.katacoda.com/`,
 * `{{TRAFFIC_HOST1_80}}`) and its IP (`[[HOST_IP]]`). In KubeLab the scenario's
 * machine is this one: they become `http://localhost:80`, `127.0.0.1`. A placeholder
 * left after that is one no machine here can fill. Pure.
 */
const KATACODA_PORT =
  /(?:https?:\/\/)?\[\[(?:HOST\d?_SUBDOMAIN|UUID_SUBDOMAIN)\]\]-(\d{1,5})-\[\[(?:KATACODA_HOST|HOST)\]\](?:\.environments\.katacoda\.com|\.\[\[KATACODA_DOMAIN\]\])?/g;
const KILLERCODA_PORT = /\{\{TRAFFIC_HOST\d+_(\d{1,5})\}\}/g;
const HOST_IP = /\[\[HOST\d?_IP\]\]/g;
/** A placeholder of either platform. */
export const PLACEHOLDER = /\[\[[A-Z][A-Z0-9_]*\]\]|\{\{TRAFFIC_[A-Z0-9_]+\}\}/;

/** The text with the platform's addresses of the scenario machine made this machine's; whether any were. */
export function fillPlaceholders(text: string): { text: string; filled: boolean } {
  const out = text
    .replace(KATACODA_PORT, (_m, port: string) => `http://localhost:${port}`)
    .replace(KILLERCODA_PORT, (_m, port: string) => `http://localhost:${port}`)
    .replace(HOST_IP, '127.0.0.1');
  return { text: out, filled: out !== text };
}
