import { test } from 'node:test';
import assert from 'node:assert/strict';
import { helperVerdict, runFile, SIGNAL_NUMBERS } from '../../../electron/actions/kill-helper-run.js';

// What each exit of `pkexec HELPER …` means, and how a run is reported.

test('every exit status of the helper and of pkexec has a meaning', () => {
  assert.deepEqual(helperVerdict({ code: 0, stderr: '' }), { kind: 'sent' });
  assert.deepEqual(helperVerdict({ code: 4, stderr: '' }), { kind: 'gone' });
  assert.deepEqual(helperVerdict({ code: 5, stderr: '' }), { kind: 'changed' });
  assert.equal(helperVerdict({ code: 2, stderr: 'usage' }).kind, 'refused');
  assert.deepEqual(helperVerdict({ code: 3, stderr: 'pid 1 is protected' }), {
    kind: 'refused',
    message: 'the administrator helper refused to signal it: pid 1 is protected',
  });
  assert.equal(helperVerdict({ code: 6, stderr: '' }).kind, 'failed');
  assert.equal(helperVerdict({ code: 126, stderr: '' }).kind, 'not-elevated');
  assert.equal(helperVerdict({ code: 127, stderr: '' }).kind, 'not-elevated');
  assert.equal(helperVerdict({ code: 1, stderr: '' }).kind, 'failed');
  assert.deepEqual(helperVerdict({ code: null, failure: 'no answer within 120 s', stderr: '' }), {
    kind: 'not-elevated',
    message: 'could not get administrator rights: no answer within 120 s',
  });
});

test('signals travel as their numbers', () => {
  assert.deepEqual(SIGNAL_NUMBERS, { SIGTERM: 15, SIGKILL: 9 });
});

test('runFile reports the exit status and stderr, a missing file, and a timeout; it never rejects', async () => {
  const node = process.execPath;
  assert.deepEqual(await runFile(node, ['-e', 'process.stderr.write("why\\n"); process.exit(5)'], 10_000), {
    code: 5,
    stderr: 'why',
  });
  assert.deepEqual(await runFile(node, ['-e', ''], 10_000), { code: 0, stderr: '' });
  const missing = await runFile('/nonexistent/pkexec', [], 10_000);
  assert.equal(missing.code, null);
  assert.match(missing.failure!, /could not run: ENOENT/);
  const slow = await runFile(node, ['-e', 'setTimeout(() => {}, 30000)'], 200);
  assert.equal(slow.code, null);
  assert.match(slow.failure!, /no answer within 0.2 s/);
});
