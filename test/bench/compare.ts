/**
 * Benchmark module run inside a real extension host (extensionTestsPath
 * contract, KubeLab as the development extension, the lab of
 * $KUBELAB_LAB_FILE): for each pod named in $KUBELAB_BENCH_PODS, shows its
 * history (not timed), then times Compare with Previous on its last version,
 * from the command to the diff tab open with both versions' text read from
 * etcd and decoded. Baseline, same host, same run, right after: VS Code's own
 * diff of the same two texts as files on disk. The first pod warms both up
 * and is not counted. Writes the times to $KUBELAB_BENCH_OUT.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { KubeLabApi } from '../../src/extension';
import { CommandId, EXTENSION_ID } from '../../src/ids';

/** Until the active tab is a diff whose modified side is `modified`, and both sides' text is read. */
async function diffOpen(modified: (u: vscode.Uri) => boolean): Promise<[string, string]> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 1))) {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (!(input instanceof vscode.TabInputTextDiff) || !modified(input.modified)) continue;
    const [a, b] = await Promise.all([vscode.workspace.openTextDocument(input.original), vscode.workspace.openTextDocument(input.modified)]);
    return [a.getText(), b.getText()];
  }
  throw new Error('the diff editor did not open');
}

export async function run(): Promise<void> {
  const api = (await vscode.extensions.getExtension<KubeLabApi>(EXTENSION_ID)?.activate()) as KubeLabApi;
  const pods = (process.env.KUBELAB_BENCH_PODS ?? '').split(',').filter(Boolean);
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-compare-'));
  const out: { kubelabMs: number[]; vscodeFilesMs: number[]; bytes: number[] } = { kubelabMs: [], vscodeFilesMs: [], bytes: [] };
  for (const [i, pod] of pods.entries()) {
    const shown = await vscode.commands.executeCommand(CommandId.etcdShowHistory, `/registry/pods/default/${pod}`);
    if (typeof shown === 'string' || !shown) throw new Error(`no history for ${pod}: ${String(shown)}`);
    const lives = api.history.getChildren();
    const last = api.history.getChildren(lives.at(-1)).at(-1);
    if (last?.type !== 'version' || !last.previous) throw new Error(`${pod} has no version with one before it`);
    const rev = `rev=${last.row.entry.revision}`;
    const kubelab = async () => {
      const t0 = performance.now();
      await vscode.commands.executeCommand(CommandId.historyCompareWithPrevious, last);
      const texts = await diffOpen((u) => u.query.includes(rev));
      out.kubelabMs.push(performance.now() - t0);
      return texts;
    };
    const files = async (texts: [string, string]) => {
      const [a, b] = [join(dir, `${pod}-a.json`), join(dir, `${pod}-b.json`)].map((p) => vscode.Uri.file(p)) as [vscode.Uri, vscode.Uri];
      writeFileSync(a.fsPath, texts[0]);
      writeFileSync(b.fsPath, texts[1]);
      const t0 = performance.now();
      await vscode.commands.executeCommand('vscode.diff', a, b, `${pod}: files`);
      await diffOpen((u) => u.fsPath === b.fsPath);
      out.vscodeFilesMs.push(performance.now() - t0);
    };
    // The baseline needs KubeLab's texts, so KubeLab goes first; the first pod warms both paths up and is not counted.
    const texts = await kubelab();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await files(texts);
    out.bytes.push(texts[0].length + texts[1].length);
    if (i === 0) for (const xs of Object.values(out)) xs.length = 0;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }
  writeFileSync(process.env.KUBELAB_BENCH_OUT ?? 'bench.json', JSON.stringify(out));
}
