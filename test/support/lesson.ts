/** Katacoda step markdown read by the parser, for the lesson unit tests. */
import * as assert from 'node:assert/strict';
import { parseStep, type Action, type ParsedStep } from '../../src/core/lesson/katacoda';

/** The step, or the test fails with every error (line: why). */
export function stepOf(text: string, file = 'step.md'): ParsedStep {
  const r = parseStep(text, file);
  if (!r.ok) assert.fail(r.error.map((e) => `${e.line}: ${e.message}`).join('\n'));
  return r.value;
}

/** The errors of a step that must be refused. */
export function refused(text: string, file = 'step.md') {
  const r = parseStep(text, file);
  assert.equal(r.ok, false, 'expected the step to be refused');
  return r.ok ? [] : r.error;
}

/** An action that must be an execute. */
export function executeOf(a: Action | undefined): Extract<Action, { type: 'execute' }> {
  assert.equal(a?.type, 'execute');
  return a as Extract<Action, { type: 'execute' }>;
}
