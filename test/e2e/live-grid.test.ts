/**
 * The whole UI in a real browser: Debian's Chromium driven by playwright-core
 * against `sockscope serve`, started from the build, watching real loopback
 * sockets held by a child process.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { rowSelector } from '../helpers/grid-dom.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';
import { startSocketChild, type SocketChild } from '../helpers/socket-child.js';

const ARTIFACTS = fileURLToPath(new URL('../../artifacts/screenshots/', import.meta.url));
/** Long enough for a poll (1 s), the grid's batching and a slow machine. */
const SEEN_MS = 8000;

let serve: ServeProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let child: SocketChild;

/** The grid row of a key. */
function row(key: string): Locator {
  return page.locator(rowSelector(key));
}

function cell(key: string, colId: string): Locator {
  return row(key).locator(`[col-id="${colId}"]`);
}

/** Types `text` into the Filter box, replacing what was there. */
async function filter(text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Filter', exact: true }).fill(text);
}

/** Opens a connection from the child to its own listener; returns the two row keys. */
async function openPair(
  listenPort: number,
): Promise<{ client: string; server: string; id: number; port: number }> {
  const reply = await child.send('connect', { host: '127.0.0.1', port: listenPort });
  const port = reply.localPort as number;
  return {
    client: `tcp4 127.0.0.1:${port}>127.0.0.1:${listenPort}`,
    server: `tcp4 127.0.0.1:${listenPort}>127.0.0.1:${port}`,
    id: reply.id as number,
    port,
  };
}

describe('the live grid in Chromium through sockscope serve', { timeout: 120_000 }, () => {
  let listenPort: number;

  before(async () => {
    serve = await startServe();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    page = await context.newPage();
    child = await startSocketChild('e2e-grid-kid');
    listenPort = (await child.send('listen', { host: '127.0.0.1' })).port as number;
    const response = await page.goto(serve.url.href);
    assert.equal(response?.status(), 200);
    await page.locator('.ag-root').waitFor({ timeout: SEEN_MS });
  });

  after(async () => {
    await child?.stop();
    await browser?.close();
    const code = await serve?.stop();
    assert.equal(code, 0, 'serve exits cleanly on SIGINT');
  });

  test('without the token the page itself is refused', async () => {
    const other = await browser.newContext();
    try {
      const response = await (await other.newPage()).goto(serve.origin + '/');
      assert.ok([401, 403].includes(response?.status() ?? 0), `status ${response?.status()}`);
    } finally {
      await other.close();
    }
  });

  test('the token leaves the address bar once the page has it', async () => {
    assert.equal(new URL(page.url()).searchParams.get('token'), null);
  });

  test('a new connection shows with its pid and process, green', async () => {
    const pair = await openPair(listenPort);
    await filter(String(pair.port));
    await row(pair.client).waitFor({ timeout: SEEN_MS });
    assert.equal((await cell(pair.client, 'pid').innerText()).trim(), String(child.pid));
    assert.equal((await cell(pair.client, 'process').innerText()).trim(), 'e2e-grid-kid');
    assert.equal((await cell(pair.client, 'state').innerText()).trim(), 'ESTABLISHED');
    assert.match((await row(pair.client).getAttribute('class')) ?? '', /\brow-new\b/);
    // After the highlight time (3 s by default) it is plain.
    await page.waitForFunction(
      (selector) => !document.querySelector(selector)?.classList.contains('row-new'),
      rowSelector(pair.client),
      { timeout: SEEN_MS },
    );
  });

  test('a closed connection turns red, then leaves', async () => {
    const pair = await openPair(listenPort);
    await filter(String(pair.port));
    await row(pair.server).waitFor({ timeout: SEEN_MS });
    // The client closes first: its end goes to TIME_WAIT (the same row, yellow),
    // the accepted end closes and its row is removed.
    await child.send('end', { id: pair.id });
    await page.waitForFunction(
      (selector) => document.querySelector(selector)?.classList.contains('row-removed'),
      rowSelector(pair.server),
      { timeout: SEEN_MS },
    );
    await row(pair.server).waitFor({ state: 'detached', timeout: SEEN_MS });
    assert.equal((await cell(pair.client, 'state').innerText()).trim(), 'TIME_WAIT');
  });

  test('the Filter box narrows rows, and sorting by a column orders them', async () => {
    const pairs = [await openPair(listenPort), await openPair(listenPort), await openPair(listenPort)];
    await filter(`127.0.0.1:${listenPort}`);
    for (const pair of pairs) await row(pair.client).waitFor({ timeout: SEEN_MS });
    const shown = await page
      .locator('.ag-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('row-id') ?? ''));
    assert.ok(shown.length >= pairs.length * 2, `rows shown: ${shown.length}`);
    for (const key of shown)
      assert.ok(key.includes(`127.0.0.1:${listenPort}`), `${key} does not match the filter`);

    const header = page.locator('.ag-header-row-column .ag-header-cell[col-id="localPort"]');
    await header.click();
    const ascending = await localPortsInDisplayOrder();
    assert.deepEqual(
      ascending,
      [...ascending].sort((a, b) => a - b),
    );
    await header.click();
    const descending = await localPortsInDisplayOrder();
    assert.deepEqual(
      descending,
      [...descending].sort((a, b) => b - a),
    );
    assert.ok(descending.length >= 2);
  });

  test('a protocol toggle hides its rows, and shows them again', async () => {
    const pair = await openPair(listenPort);
    await filter(String(pair.port));
    await row(pair.client).waitFor({ timeout: SEEN_MS });
    const toggle = page.getByRole('button', { name: /^TCPv4/ });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    await toggle.click();
    await row(pair.client).waitFor({ state: 'detached', timeout: SEEN_MS });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    await toggle.click();
    await row(pair.client).waitFor({ timeout: SEEN_MS });
  });

  test('Pause stops updates and Resume brings them back', async () => {
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    const pair = await openPair(listenPort);
    await filter(String(pair.port));
    // Three intervals pass with nothing new shown.
    await page.waitForTimeout(3000);
    assert.equal(await row(pair.client).count(), 0, 'a paused view shows no new rows');
    await page.getByRole('button', { name: 'Resume' }).click();
    await row(pair.client).waitFor({ timeout: SEEN_MS });
    await page.getByRole('button', { name: 'Pause' }).waitFor();
  });

  test('screenshots of the grid, light and dark', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await filter('');
    for (const theme of ['Light', 'Dark'] as const) {
      await page.getByRole('combobox', { name: 'Theme' }).selectOption({ label: theme });
      await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme.toLowerCase());
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(ARTIFACTS, `grid-${theme.toLowerCase()}.png`) });
    }
    await page.getByRole('combobox', { name: 'Theme' }).selectOption({ label: 'System' });
  });
});

/** Local ports of the rows shown, in the grid's display order (row-index, not DOM order). */
async function localPortsInDisplayOrder(): Promise<number[]> {
  await page.waitForTimeout(300);
  const rows = await page.locator('.ag-row').evaluateAll((els) =>
    els.map((el) => ({
      index: Number(el.getAttribute('row-index')),
      port: Number(el.querySelector('[col-id="localPort"]')?.textContent ?? NaN),
    })),
  );
  return rows.sort((a, b) => a.index - b.index).map((r) => r.port);
}
