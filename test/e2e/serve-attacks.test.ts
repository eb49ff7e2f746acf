/**
 * Attacks on `sockscope serve` made the way a hostile page makes them: from
 * Chromium, holding the user's cookie, on another origin; and a DNS-rebinding
 * request whose Host names another site.
 */
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';

let serve: ServeProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let evil: Server;
let evilOrigin: string;

/** What a WebSocket from the current page to `url` does first: 'open', or 'refused'. */
function tryWebSocket(url: string): Promise<string> {
  return page.evaluate(
    (target) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(target);
        ws.onopen = () => {
          ws.close();
          resolve('open');
        };
        ws.onerror = () => resolve('refused');
        ws.onclose = () => resolve('refused');
      }),
    url,
  );
}

/** A GET with a forged Host header, as a rebound DNS name would send it. */
function getWithHost(host: string): Promise<number> {
  const target = new URL(serve.url.href);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: target.port, path: `/?token=${serve.token}`, headers: { host } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('serve mode refuses cross-site and rebinding attacks', { timeout: 60_000 }, () => {
  before(async () => {
    serve = await startServe();
    evil = createServer((_req, res) => res.end('<!doctype html><title>evil</title>'));
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilOrigin = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
    browser = await launchChromium();
    context = await browser.newContext();
    page = await context.newPage();
    // The user opened Sockscope: the browser now holds its cookie.
    assert.equal((await page.goto(serve.url.href))?.status(), 200);
  });

  after(async () => {
    await browser?.close();
    if (evil) await new Promise((resolve) => evil.close(resolve));
    await serve?.stop();
  });

  test('the app page itself may open its WebSocket', async () => {
    assert.equal(await tryWebSocket(`ws://${serve.url.host}/ws`), 'open');
  });

  test('a page on another origin cannot, with the cookie or even with the token', async () => {
    await page.goto(evilOrigin);
    assert.equal(await tryWebSocket(`ws://${serve.url.host}/ws`), 'refused');
    assert.equal(await tryWebSocket(`ws://${serve.url.host}/ws?token=${serve.token}`), 'refused');
  });

  test('a request whose Host is another name (DNS rebinding) is refused, token or not', async () => {
    const port = new URL(serve.url.href).port;
    for (const host of [
      `evil.example:${port}`,
      `127.0.0.1.evil.example:${port}`,
      `127.0.0.1:${Number(port) + 1}`,
    ]) {
      const status = await getWithHost(host);
      assert.ok([400, 401, 403, 421].includes(status), `Host ${host} got ${status}`);
    }
    assert.equal(await getWithHost(`127.0.0.1:${port}`), 200);
  });
});
