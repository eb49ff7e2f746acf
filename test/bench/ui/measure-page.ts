import type { Browser } from 'playwright-core';

/** What one UI benchmark run saw in the page. */
export interface PageMeasurement {
  firstRenderMs: number;
  fps: number;
  frames: number;
  /** Frames that took over 50 ms (a visible stutter). */
  slowFrames: number;
  longestTaskMs: number;
  /** Main-thread tasks of 50 ms or more (the browser reports no shorter ones). */
  longTasks: number;
  heapStartBytes: number;
  heapEndBytes: number;
  snapshotBytes: number;
  deltaBytes: { count: number; median: number };
  rowsAtEnd: number;
}

export interface MeasureOptions {
  rows: number;
  warmupSeconds: number;
  seconds: number;
  log: (line: string) => void;
}

declare global {
  interface Window {
    __bench: { frames: number[]; tasks: number[]; reset(): void };
  }
}

/**
 * Loads the view, waits for the first full render, sorts by bytes sent (so
 * every tick re-sorts), warms up, then records frames, long tasks and heap
 * while deltas stream in. Frame sizes are read from the DevTools protocol.
 */
export async function measurePage(
  browser: Browser,
  url: string,
  options: MeasureOptions,
): Promise<PageMeasurement> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Performance.enable');
  let snapshotBytes = 0;
  const deltaSizes: number[] = [];
  cdp.on('Network.webSocketFrameReceived', ({ response }) => {
    const text = response.payloadData;
    const bytes = Buffer.byteLength(text);
    if (text.startsWith('{"event":"delta"')) deltaSizes.push(bytes);
    else if (text.includes('"rows":[')) snapshotBytes = Math.max(snapshotBytes, bytes);
  });
  // As text: tsx would wrap named functions in a helper (__name) that the page lacks.
  await page.addInitScript(`
    const frames = [];
    const tasks = [];
    const loop = (t) => { frames.push(t); requestAnimationFrame(loop); };
    requestAnimationFrame(loop);
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push(entry.duration);
    }).observe({ type: 'longtask' });
    window.__bench = { frames, tasks, reset() { frames.length = 0; tasks.length = 0; } };
  `);

  const start = Date.now();
  await page.goto(url);
  const total = String(options.rows);
  await page.waitForFunction(
    (n) =>
      (document.querySelector('footer[role="status"]')?.textContent ?? '')
        .replace(/[\s,.  ]/g, '')
        .includes(n),
    total,
    { timeout: 60_000, polling: 100 },
  );
  await page.locator('.ag-row').first().waitFor();
  const firstRenderMs = Date.now() - start;
  options.log(
    `first render after ${firstRenderMs} ms; sorting by Sent, warming up ${options.warmupSeconds} s`,
  );
  const sent = page.locator('.ag-header-row-column .ag-header-cell[col-id="bytesSent"]');
  await sent.click();
  await sent.click();
  await page.waitForTimeout(options.warmupSeconds * 1000);

  const heapStartBytes = await heapAfterGc(cdp);
  deltaSizes.length = 0;
  await page.evaluate(() => window.__bench.reset());
  options.log(`measuring ${options.seconds} s`);
  await page.waitForTimeout(options.seconds * 1000);
  const { frames, tasks } = await page.evaluate(() => ({
    frames: window.__bench.frames,
    tasks: window.__bench.tasks,
  }));
  const heapEndBytes = await heapAfterGc(cdp);
  const rowsAtEnd = await page.locator('.ag-row').count();
  await context.close();

  const gaps = frames.slice(1).map((t, i) => t - frames[i]!);
  const span = (frames.at(-1)! - frames[0]!) / 1000;
  const sorted = [...deltaSizes].sort((a, b) => a - b);
  return {
    firstRenderMs,
    fps: (frames.length - 1) / span,
    frames: frames.length,
    slowFrames: gaps.filter((g) => g > 50).length,
    longestTaskMs: Math.max(0, ...tasks),
    longTasks: tasks.length,
    heapStartBytes,
    heapEndBytes,
    snapshotBytes,
    deltaBytes: { count: sorted.length, median: sorted[Math.floor(sorted.length / 2)] ?? NaN },
    rowsAtEnd,
  };
}

async function heapAfterGc(cdp: import('playwright-core').CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}
