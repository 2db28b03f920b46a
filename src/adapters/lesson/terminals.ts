/**
 * The lesson's named terminals (T1, T2, …): created on first use with the
 * lesson's environment and working folder, reused, recreated once closed.
 * A command runs through shell integration when the shell has it (so its exit
 * code is known), by sendText otherwise.
 */
import * as vscode from 'vscode';

export interface Ended {
  /** undefined: the shell did not say (no shell integration, Ctrl+C, closed). */
  readonly exitCode: number | undefined;
  readonly via: 'shell-integration' | 'send-text';
}

export interface TerminalOptions {
  readonly cwd: string;
  readonly env: Record<string, string>;
}

/** How long a new terminal's shell gets to start its shell integration. */
const INTEGRATION_WAIT_MS = 8000;

export class LessonTerminals implements vscode.Disposable {
  private readonly open = new Map<string, vscode.Terminal>();
  private readonly integrationChecked = new WeakSet<vscode.Terminal>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      vscode.window.onDidCloseTerminal((t) => {
        for (const [name, term] of this.open) if (term === t) this.open.delete(name);
      }),
    );
  }

  /** The terminal named `name`, created (or recreated) when needed. */
  get(name: string, options: () => TerminalOptions): vscode.Terminal {
    const existing = this.open.get(name);
    if (existing && existing.exitStatus === undefined) return existing;
    const o = options();
    const term = vscode.window.createTerminal({ name, cwd: o.cwd, env: o.env, iconPath: new vscode.ThemeIcon('terminal-bash') });
    this.open.set(name, term);
    return term;
  }

  /** The terminals KubeLab has open now, by name. */
  names(): string[] {
    return [...this.open].filter(([, t]) => t.exitStatus === undefined).map(([n]) => n);
  }

  show(name: string): void {
    this.open.get(name)?.show();
  }

  /** Sends text as typed (a control sequence), without Enter. */
  send(term: vscode.Terminal, text: string): void {
    term.show(true);
    term.sendText(text, false);
  }

  /** Runs a command line; resolves when it ends, when the terminal closes, or on cancel. */
  async execute(term: vscode.Terminal, command: string, interrupt: boolean, token?: vscode.CancellationToken): Promise<Ended> {
    term.show(true);
    if (interrupt) {
      term.sendText('\x03', false);
      await new Promise((r) => setTimeout(r, 150));
    }
    const si = await this.integration(term);
    if (!si) {
      term.sendText(command, true);
      return { exitCode: undefined, via: 'send-text' };
    }
    return new Promise<Ended>((resolve) => {
      const subs: vscode.Disposable[] = [];
      const done = (exitCode: number | undefined) => {
        for (const s of subs) s.dispose();
        resolve({ exitCode, via: 'shell-integration' });
      };
      const started: { execution?: vscode.TerminalShellExecution } = {};
      subs.push(vscode.window.onDidEndTerminalShellExecution((e) => e.execution === started.execution && done(e.exitCode)));
      subs.push(vscode.window.onDidCloseTerminal((t) => t === term && done(undefined)));
      if (token) subs.push(token.onCancellationRequested(() => done(undefined)));
      started.execution = si.executeCommand(command);
    });
  }

  private integration(term: vscode.Terminal): Promise<vscode.TerminalShellIntegration | undefined> {
    if (term.shellIntegration) return Promise.resolve(term.shellIntegration);
    if (this.integrationChecked.has(term)) return Promise.resolve(undefined); // this shell has none
    this.integrationChecked.add(term);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        sub.dispose();
        resolve(term.shellIntegration);
      }, INTEGRATION_WAIT_MS);
      const sub = vscode.window.onDidChangeTerminalShellIntegration((e) => {
        if (e.terminal !== term) return;
        clearTimeout(timer);
        sub.dispose();
        resolve(e.shellIntegration);
      });
    });
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.open.clear();
  }
}
