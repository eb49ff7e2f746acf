/**
 * `npm run bench:ui`: the renderer under load, in headless Chromium, on
 * serve mode fed by a synthetic collector (20,000 rows; per second 1,000
 * change, 100 open, 100 close). Reports frame rate, the longest main-thread
 * task after the first render, heap after warm-up and at the end, and the
 * bytes of deltas against a full snapshot. A benchmark, not a test: it
 * judges targets and fails only when it cannot measure.
 */
import { parseArgs } from 'node:util';
import { launchChromium } from '../../helpers/chromium.js';
import { startServer } from '../../../electron/serve/serve-server.js';
import { syntheticCollector } from './synthetic-collector.js';
import { measurePage } from './measure-page.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '20000' },
    changed: { type: 'string', default: '1000' },
    churn: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
  },
});
const load = {
  rows: Number(values.rows),
  changedPerPoll: Number(values.changed),
  addedPerPoll: Number(values.churn),
  removedPerPoll: Number(values.churn),
};
const seconds = Number(values.seconds);
const warmupSeconds = Number(values.warmup);
const log = (line: string) => process.stderr.write(`${line}\n`);

const server = await startServer({
  host: '127.0.0.1',
  port: 0,
  allowKill: false,
  collector: syntheticCollector(load),
  intervalMs: 1000,
});
const browser = await launchChromium();
try {
  log(`serving ${load.rows} synthetic rows at ${server.url}`);
  const m = await measurePage(browser, server.url, { rows: load.rows, warmupSeconds, seconds, log });
  const changesPerDelta = load.changedPerPoll + load.addedPerPoll + load.removedPerPoll;
  const heapGrowth = (m.heapEndBytes - m.heapStartBytes) / m.heapStartBytes;
  const perChange = m.deltaBytes.median / changesPerDelta;
  const perRow = m.snapshotBytes / load.rows;
  const verdicts = [
    ['frame rate >= 50 fps', m.fps >= 50, `${m.fps.toFixed(1)} fps`],
    [
      'no task over 100 ms after the first render',
      m.longestTaskMs <= 100,
      `longest ${m.longestTaskMs.toFixed(0)} ms`,
    ],
    ['heap growth under 10% after warm-up', heapGrowth < 0.1, `${(heapGrowth * 100).toFixed(1)}%`],
    [
      'delta bytes proportional to the changes (bytes per change <= bytes per row of a full snapshot)',
      perChange <= perRow,
      `${perChange.toFixed(0)} B/change vs ${perRow.toFixed(0)} B/row`,
    ],
  ] as const;
  console.log(`## Sockscope UI benchmark

${new Date().toISOString()}, Chromium ${browser.version()}, headless; synthetic collector: ${load.rows} rows, per second ${load.changedPerPoll} changed, ${load.addedPerPoll} added, ${load.removedPerPoll} removed; ${warmupSeconds} s warm-up, then ${seconds} s measured.

| measure | value |
|---|---|
| first render (page load to ${load.rows} rows in the status bar) | ${m.firstRenderMs.toFixed(0)} ms |
| frame rate (requestAnimationFrame) | ${m.fps.toFixed(1)} fps |
| frames over 50 ms | ${m.slowFrames} of ${m.frames} |
| longest main-thread task after the first render | ${m.longestTaskMs.toFixed(0)} ms |
| main-thread tasks over 50 ms | ${m.longTasks} |
| JS heap after warm-up / at the end (after GC) | ${mb(m.heapStartBytes)} / ${mb(m.heapEndBytes)} MB (${(heapGrowth * 100).toFixed(1)}%) |
| full snapshot | ${kb(m.snapshotBytes)} KB (${perRow.toFixed(0)} B per row) |
| delta, median of ${m.deltaBytes.count} (${changesPerDelta} changes each) | ${kb(m.deltaBytes.median)} KB (${perChange.toFixed(0)} B per change; ${((m.deltaBytes.median / m.snapshotBytes) * 100).toFixed(1)}% of a snapshot) |
| row elements in the DOM at the end (the grid virtualises) | ${m.rowsAtEnd} |

${verdicts.map(([name, pass, value]) => `- ${pass ? 'PASS' : 'FAIL'}: ${name}: ${value}`).join('\n')}
`);
} finally {
  await browser.close();
  await server.close();
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

function kb(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}
