/**
 * Runs the kill service once, in this process, and prints its outcome as one
 * JSON line: the kill test starts it under another user (setpriv) to see
 * what an unprivileged Sockscope gets. Input: one JSON argument
 * {rows, request, pkexec, helper}; the elevation runner must never run.
 */
import { killElevation } from '../../../electron/actions/kill-elevation.js';
import { KillService } from '../../../electron/actions/kill-service.js';
import type { KillRequest } from '../../../shared/actions.js';
import { tableFromRows } from '../../../shared/diff.js';
import type { Endpoint } from '../../../shared/endpoint.js';

const input = JSON.parse(process.argv[2] ?? '{}') as {
  rows: Endpoint[];
  request: KillRequest;
  pkexec: string | null;
  helper: string | null;
};
const table = tableFromRows(1, Date.now(), input.rows);
const kill = new KillService({
  table: () => table,
  killGraceMs: 500,
  elevation: killElevation({
    findPkexec: () => input.pkexec,
    killHelperPath: () => input.helper,
    runner: () => Promise.reject(new Error('the helper must not run without asAdministrator')),
  }),
});
const outcome = await kill.kill(input.request);
console.log(JSON.stringify({ uid: process.getuid?.(), outcome }));
