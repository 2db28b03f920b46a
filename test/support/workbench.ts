/** Playwright steps on the VS Code workbench, shared by the UI tests. */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, repoRoot, startVscodeServer, type VscodeServer } from '../../tools/vscodeServer';

export const results = join(repoRoot, 'test-results');

export interface Workbench {
  readonly server: VscodeServer;
  readonly browser: Browser;
  /** Opens the workbench with KubeLab as the development extension, its sidebar shown, no editors. */
  openKubeLab(): Promise<Page>;
  stop(): Promise<void>;
}

/**
 * A fresh test VS Code server (state under test-results/<name>) and a Chromium
 * to open it. `language: 'ru'` makes Russian the display language, through a
 * stub language pack (test/fixtures/ru-language-pack): no internet here for
 * Microsoft's, and VS Code switches language only with a pack installed.
 */
export async function startWorkbench(name: string, env?: NodeJS.ProcessEnv, opts: { language?: 'ru'; args?: string[] } = {}): Promise<Workbench> {
  const stateDir = join(results, name);
  rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(join(stateDir, 'user-data', 'User'), { recursive: true });
  // The DOM renderer keeps terminal text in the page, where a test can read it.
  // No start page of VS Code's own: it opens late, in the same editor as a walkthrough, and could replace KubeLab's.
  writeFileSync(
    join(stateDir, 'user-data', 'User', 'settings.json'),
    JSON.stringify({ 'terminal.integrated.gpuAcceleration': 'off', 'workbench.startupEditor': 'none' }),
  );
  const args: string[] = [...(opts.args ?? [])];
  if (opts.language) {
    const pack = join(stateDir, 'extensions', `kubelab-test.${opts.language}-language-pack-stub-0.0.1`);
    cpSync(join(repoRoot, 'test', 'fixtures', `${opts.language}-language-pack`), pack, { recursive: true });
    // What VS Code writes when a language pack is installed: where its translations are.
    const packs = {
      [opts.language]: {
        hash: 'kubelab-stub-1',
        extensions: [{ extensionIdentifier: { id: `kubelab-test.${opts.language}-language-pack-stub` }, version: '0.0.1' }],
        translations: { vscode: join(pack, 'translations', 'main.i18n.json') },
        label: opts.language,
      },
    };
    for (const d of ['user-data', 'server-data']) {
      mkdirSync(join(stateDir, d), { recursive: true });
      writeFileSync(join(stateDir, d, 'languagepacks.json'), JSON.stringify(packs));
    }
    args.push('--locale', opts.language);
  }
  const server = await startVscodeServer({ stateDir, env, args });
  const browser = await launchChromium();
  return {
    server,
    browser,
    openKubeLab: async () => {
      const page = await openWorkbench(browser, server.url({ extensionDevelopmentPath: repoRoot }));
      await openKubeLab(page);
      await closeEditors(page);
      return page;
    },
    stop: async () => {
      await browser.close().catch(() => undefined);
      await server.stop();
    },
  };
}

export async function openWorkbench(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.activitybar').waitFor({ timeout: 60_000 });
  return page;
}

/** Waits until the sidebar shows KubeLab's two views. */
export async function kubeLabViewsShown(page: Page): Promise<void> {
  const sidebar = page.locator('#workbench\\.parts\\.sidebar');
  await sidebar
    .getByRole('button', { name: /^Cluster/ })
    .first()
    .waitFor({ timeout: 30_000 });
  await sidebar.getByRole('button', { name: /^etcd/ }).first().waitFor({ timeout: 30_000 });
}

/** Clicks KubeLab's activity-bar item, so its sidebar container opens. */
export async function openKubeLab(page: Page): Promise<void> {
  const item = page.locator('.activitybar .action-item a[aria-label^="KubeLab"], .activitybar .action-item[aria-label^="KubeLab"]').first();
  await item.waitFor({ timeout: 60_000 });
  await item.click();
}

/** Closes every open editor (e.g. the web Welcome page) so screenshots show KubeLab. */
export async function closeEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
}

/** An afterEach hook: a screenshot of each page of the workbench when the test failed (test-results/<name>-failed-N.png). */
export function screenshotWhenFailed(wb: () => Workbench | undefined, name: string) {
  return async function (this: Mocha.Context): Promise<void> {
    if (this.currentTest?.state !== 'failed') return;
    for (const [i, p] of (
      wb()
        ?.browser.contexts()
        .flatMap((c) => c.pages()) ?? []
    ).entries())
      await p.screenshot({ path: join(results, `${name}-failed-${i}.png`) });
  };
}

/** Runs a command by its title through the command palette. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  // Right after start the workbench may not take keys yet: press again until the palette opens.
  for (let i = 0; i < 10 && !(await input.isVisible()); i++) {
    await page.keyboard.press('F1');
    await input.waitFor({ timeout: 2_000 }).catch(() => undefined);
  }
  await input.fill(`>${title}`);
  // The row whose label is exactly the title: one title can be the start of another
  // ("KubeLab: Открыть урок" and "KubeLab: Открыть урок из папки (Katacoda)…").
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.getByText(title, { exact: true }) })
    .first();
  await row.waitFor({ timeout: 10_000 });
  // The first row may be another command that matched fuzzily: move the focus down to this one.
  const index = Number(await row.getAttribute('data-index'));
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
}

/** Waits until the panel (Output, Terminal…) shows text matching `re`; Monaco renders spaces as U+00A0. */
export async function waitForPanelText(page: Page, re: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = (
      (await page
        .locator('.panel')
        .first()
        .innerText()
        .catch(() => '')) ?? ''
    ).replace(/\u00a0/g, ' ');
    if (re.test(last)) return last;
    await page.waitForTimeout(250);
  }
  throw new Error(`the panel never showed ${re}; it showed: ${last.slice(-500)}`);
}

/** A row, by its label, of the sidebar view whose header matches `pane` (e.g. /^Cluster/i). */
export function treeRow(page: Page, pane: RegExp, label: string) {
  return page
    .locator('.pane', { has: page.locator('.pane-header', { hasText: pane }) })
    .locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[/.]/g, '\\$&')}$`) }) })
    .first();
}

/** Collapses (or expands again) the sidebar views whose headers match, to give the others room. */
export async function togglePanes(page: Page, ...panes: RegExp[]): Promise<void> {
  for (const pane of panes) await page.locator('.pane-header', { hasText: pane }).first().click();
}

/** A row of the etcd view, by its label. */
export const etcdRow = (page: Page, label: string) => treeRow(page, /^etcd/i, label);

/** The open editor shows text matching `re` (Monaco renders spaces as U+00A0: match a space with `.`). */
export const editorShows = (page: Page, re: RegExp) => page.locator('.monaco-editor .view-lines', { hasText: re }).first().waitFor({ timeout: 30_000 });

/**
 * Expands the Cluster view down to the pod `name` in namespace `ns` by the
 * twisties (a click on an object's label opens its JSON instead) and returns its row.
 */
export async function expandToPod(page: Page, ns: string, name: string) {
  for (const label of ['Namespaces', ns, 'pods'])
    await treeRow(page, /^Cluster/i, label)
      .locator('.monaco-tl-twistie')
      .click();
  const pod = treeRow(page, /^Cluster/i, name);
  await pod.waitFor({ timeout: 30_000 });
  return pod;
}
