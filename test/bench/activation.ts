/**
 * Benchmark module run inside a real extension host (extensionTestsPath
 * contract): activates KubeLab and an empty baseline extension, both installed
 * from VSIX files, in the order given by $KUBELAB_BENCH_ORDER, and writes the
 * wall time of each `activate()` to $KUBELAB_BENCH_OUT.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const ids = (process.env.KUBELAB_BENCH_ORDER ?? '').split(',').filter(Boolean);
  const result: Record<string, number> = {};
  for (const id of ids) {
    const ext = vscode.extensions.getExtension(id);
    if (!ext) throw new Error(`${id} is not installed`);
    if (ext.isActive) throw new Error(`${id} was already active`);
    const t0 = performance.now();
    const api = (await ext.activate()) as { activatedAt?: number; cluster?: unknown } | undefined;
    result[id] = performance.now() - t0;
    // KubeLab's own account of its activate() body: the rest is loading its bundle and the host's work.
    if (typeof api?.activatedAt === 'number') {
      result[`${id}#body`] = api.activatedAt;
      // What a view's first look costs on top: building the object graph (dist/app.js).
      const t1 = performance.now();
      void api.cluster;
      result[`${id}#firstUse`] = performance.now() - t1;
    }
  }
  writeFileSync(process.env.KUBELAB_BENCH_OUT ?? 'bench.json', JSON.stringify(result));
}
