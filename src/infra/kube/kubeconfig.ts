/**
 * Reads the kubeconfig files core/connections.ts chose (several are merged as
 * kubectl merges $KUBECONFIG). Returns a KubeConfig of @kubernetes/client-node,
 * or a Failure that names the file and why. Never writes the file: switching
 * context happens on KubeLab's own copy in memory.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { KubeConfig } from '@kubernetes/client-node';
import { clientNode } from '../bundles';
import type { Source } from '../../core/connections';
import type { ContextInfo } from '../../core/kube/context';
import { fail, ok, type Result } from '../../core/result';

export interface LoadedKubeconfig {
  readonly files: readonly string[];
  readonly contexts: readonly ContextInfo[];
  readonly current?: string;
  readonly kc: KubeConfig;
}

/**
 * `from` says who named the files. A file that KubeLab's setting or the lab
 * names and that is not there is `kubeconfig.notFound` (the view names it);
 * otherwise (the default ~/.kube/config, or $KUBECONFIG, whose missing files
 * kubectl skips too) it is `kubeconfig.missing`, and the welcome explains.
 */
export function loadKubeconfig(files: readonly string[], from: Source = 'default'): Result<LoadedKubeconfig> {
  const present = files.filter((f) => existsSync(f));
  if (present.length === 0) {
    const code = from === 'setting' || from === 'lab' ? 'kubeconfig.notFound' : 'kubeconfig.missing';
    return fail(code, `No kubeconfig at ${files.join(', ')}`, files.join(', '));
  }
  const { KubeConfig } = clientNode();
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
      return fail('kubeconfig.parse', firstLine((e as Error).message), file);
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
