import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { labInfo } from '../support/lab';
import { results, runCommand, startWorkbench, waitForPanelText, type Workbench } from '../support/workbench';

/** The walkthrough's markdown page lives in a webview: an iframe holding the active frame. */
const media = (page: Page) => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
const stepButton = (page: Page, title: string) => page.locator('.getting-started-step', { hasText: title }).first();

describe('the lesson walkthrough in the real workbench', function () {
  this.timeout(240_000);
  let wb: Workbench | undefined;

  before(async () => {
    wb = await startWorkbench('ui-lesson-server', { KUBECONFIG: labInfo().kubeconfig });
  });
  after(() => wb?.stop());

  it("opens the walkthrough, runs a step's command from its page in T1, shows the output and checks the step", async () => {
    const page = await (wb as Workbench).openKubeLab();
    await page.setViewportSize({ width: 1600, height: 1000 }); // wide enough for the walkthrough's two columns
    await runCommand(page, 'KubeLab: Open the Lesson');
    await page.getByText('Inside Kubernetes: the API server and etcd').first().waitFor({ timeout: 30_000 });
    const step = stepButton(page, 'What an object is made of');
    await step.click();
    const run = media(page).getByRole('link', { name: '▶ Run in T1' }).first();
    await run.waitFor({ timeout: 30_000 });
    assert.ok(await media(page).getByText('cat ./hello-service.json | jq').first().isVisible());
    await run.click();
    // T1 opens in the panel and shows the pod from hello-service.json, formatted by jq.
    await page.locator('.panel .terminal-tab, .panel .single-terminal-tab, .panel [aria-label*="T1"]').first().waitFor({ timeout: 30_000 });
    await waitForPanelText(page, /"image": "nginxdemos\/hello:plain-text"/, 60_000);
    // Its exit code 0 checks the step (the walkthrough's completion event is KubeLab's context key).
    await step.locator('.codicon.complete').waitFor({ timeout: 30_000 });
    // The page beside the steps lays itself out again once the panel has opened.
    await stepButton(page, 'GET the pod').click();
    await step.click();
    await media(page).getByRole('link', { name: '▶ Run in T1' }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(results, 'kubelab-lesson.png') });

    // A step's own button (its description's command link) runs all its commands: clear in T1, then in T2.
    const clear = stepButton(page, 'Clear both terminals');
    await clear.click();
    await clear.getByRole('button', { name: 'Run the step' }).click();
    await page.locator('.terminal-tabs-entry', { hasText: 'T2' }).first().waitFor({ timeout: 30_000 });
    await clear.locator('.codicon.complete').waitFor({ timeout: 30_000 });
  });
});

describe('the lesson walkthrough in Russian', function () {
  this.timeout(240_000);
  let wb: Workbench | undefined;

  before(async () => {
    wb = await startWorkbench('ui-lesson-ru-server', { KUBECONFIG: labInfo().kubeconfig }, { language: 'ru' });
  });
  after(() => wb?.stop());

  it("shows the steps, their pages and buttons in Russian when VS Code's display language is Russian", async () => {
    const page = await (wb as Workbench).openKubeLab();
    await page.setViewportSize({ width: 1600, height: 1000 });
    await runCommand(page, 'KubeLab: Открыть урок');
    await page.getByText('Внутри Kubernetes: API Server и etcd').first().waitFor({ timeout: 30_000 });
    await stepButton(page, 'Проксируем API Server и читаем ноду').click();
    await media(page).getByRole('link', { name: '▶ Выполнить в T1' }).first().waitFor({ timeout: 30_000 });
    assert.ok(await media(page).getByText('Спроксируем', { exact: false }).first().isVisible());
    await page.screenshot({ path: join(results, 'kubelab-lesson-ru.png') });
  });
});
