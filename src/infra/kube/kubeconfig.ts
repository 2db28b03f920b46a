/**
 * Finds and reads the kubeconfig: the `kubelab.kubeconfig` setting, else
 * $KUBECONFIG (several files, `:`-separated, merged as kubectl does), else
 * ~/.kube/config. Returns a KubeConfig of @kubernetes/client-node, or a
 * Failure that says which file and why. Never writes the file: switching
 * context happens on KubeLab's own copy in memory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { ContextInfo } from '../../core/kube/context';
import { fail, ok, type Result } from '../../core/result';

export type { ContextInfo };

export interface LoadedKubeconfig {
  readonly files: readonly string[];
  readonly contexts: readonly ContextInfo[];
  readonly current?: string;
  readonly kc: KubeConfig;
}

export function kubeconfigFiles(setting: string | undefined, env: NodeJS.ProcessEnv = process.env, home = homedir()): string[] {
  if (setting && setting.trim()) return [setting.trim().replace(/^~(?=\/|$)/, home)];
  if (env.KUBECONFIG && env.KUBECONFIG.trim()) return env.KUBECONFIG.split(delimiter).filter((f) => f.trim().length > 0);
  return [join(home, '.kube', 'config')];
}

export function loadKubeconfig(files: readonly string[]): Result<LoadedKubeconfig> {
  const present = files.filter((f) => existsSync(f));
  if (present.length === 0) {
    return fail('kubeconfig.missing', `No kubeconfig found (looked at ${files.join(', ')})`, files.join(', '));
  }
  const kc = new KubeConfig();
  for (const file of present) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      return fail('kubeconfig.read', `Cannot read ${file}: ${(e as Error).message}`, file);
    }
    try {
      const one = new KubeConfig();
      one.loadFromString(text);
      kc.mergeConfig(one, true);
      if (!kc.getCurrentContext() && one.getCurrentContext()) kc.setCurrentContext(one.getCurrentContext());
    } catch (e) {
      return fail('kubeconfig.parse', `${file} is not a valid kubeconfig: ${firstLine((e as Error).message)}`, file);
    }
  }
  const contexts = kc.getContexts().map((c) => ({
    name: c.name,
    cluster: c.cluster,
    user: c.user,
    namespace: c.namespace,
    server: kc.getCluster(c.cluster)?.server,
  }));
  if (contexts.length === 0) return fail('kubeconfig.empty', `${present.join(', ')} defines no context`, present.join(', '));
  const current = kc.getCurrentContext() || undefined;
  return ok({ files: present, contexts, current: contexts.some((c) => c.name === current) ? current : contexts[0]?.name, kc });
}

function firstLine(s: string): string {
  return s.split('\n')[0]?.slice(0, 300) ?? s;
}
