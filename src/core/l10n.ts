/**
 * Core code builds user-facing text through a `Translate` function it is
 * given: adapters pass `vscode.l10n.t`, tests and infra use `english`. The
 * message is the English text with {0}-style placeholders, as l10n.t takes it.
 */
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

export const english: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] === undefined ? m : String(args[Number(i)])));
