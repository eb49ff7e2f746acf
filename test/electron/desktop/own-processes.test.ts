import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appProcessIds } from '../../../electron/desktop/own-processes.js';

// The pids the kill service refuses in the desktop app: this one and Electron's helpers, read at each call.

test("the main process and every process Electron reports are Sockscope's own, read afresh each time", () => {
  let metrics = [{ pid: 101 }, { pid: 102 }];
  const own = appProcessIds({ getAppMetrics: () => metrics });
  assert.deepEqual(own(), [process.pid, 101, 102]);
  metrics = [{ pid: 103 }];
  assert.deepEqual(own(), [process.pid, 103]);
});
