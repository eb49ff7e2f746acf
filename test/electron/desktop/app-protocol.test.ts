import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  APP_URL,
  appProtocolHandler,
  isAppUrl,
  resolveAppFile,
} from '../../../electron/desktop/app-protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../../electron/content-security-policy.js';

const ROOT = '/opt/sockscope/dist/renderer';

test('app URLs resolve to files under the renderer folder, with their MIME types', () => {
  assert.deepEqual(resolveAppFile(ROOT, 'app://sockscope/'), {
    path: `${ROOT}/index.html`,
    contentType: 'text/html; charset=utf-8',
  });
  assert.deepEqual(resolveAppFile(ROOT, APP_URL), {
    path: `${ROOT}/index.html`,
    contentType: 'text/html; charset=utf-8',
  });
  const cases: [string, string, string][] = [
    ['app://sockscope/assets/index-Bx1.js', 'assets/index-Bx1.js', 'text/javascript; charset=utf-8'],
    ['app://sockscope/assets/index.css?v=2#x', 'assets/index.css', 'text/css; charset=utf-8'],
    ['app://sockscope/icon.svg', 'icon.svg', 'image/svg+xml'],
    ['app://sockscope/icons/16x16.png', 'icons/16x16.png', 'image/png'],
    ['app://sockscope/fonts/a.woff2', 'fonts/a.woff2', 'font/woff2'],
    ['app://sockscope/data.json', 'data.json', 'application/json'],
    ['app://sockscope/a%20b.js', 'a b.js', 'text/javascript; charset=utf-8'],
    ['app://sockscope/blob.bin', 'blob.bin', 'application/octet-stream'],
  ];
  for (const [url, file, type] of cases) {
    assert.deepEqual(resolveAppFile(ROOT, url), { path: join(ROOT, file), contentType: type }, url);
  }
});

test('paths that would leave the folder are refused before the file system is asked', () => {
  const refused = [
    'app://sockscope/assets/..%2f..%2f..%2fetc%2fpasswd',
    'app://sockscope/%2Fetc%2Fpasswd',
    'app://sockscope/assets/..%5c..%5csecret',
    'app://sockscope/a%00.js',
    'app://sockscope/assets//index.js',
    'app://sockscope/assets/',
  ];
  for (const url of refused) {
    const answer = resolveAppFile(ROOT, url);
    assert.ok('status' in answer && answer.status === 403, `${url} -> ${JSON.stringify(answer)}`);
  }
  // The URL parser folds dot segments, plain or percent-encoded, before the path is seen: they stay inside.
  for (const url of ['app://sockscope/../../etc/passwd', 'app://sockscope/%2e%2e/%2e%2e/etc/passwd']) {
    assert.deepEqual(resolveAppFile(ROOT, url), {
      path: `${ROOT}/etc/passwd`,
      contentType: 'application/octet-stream',
    });
  }
  assert.deepEqual(resolveAppFile(ROOT, 'app://sockscope/%E0%A4%A'), {
    status: 400,
    reason: 'bad percent-encoding',
  });
});

test('only the app origin is served', () => {
  const answers = [
    'app://other/index.html',
    'file:///etc/passwd',
    'https://sockscope/index.html',
    'not a url',
  ].map((url) => resolveAppFile(ROOT, url));
  assert.deepEqual(
    answers.map((answer) => ('status' in answer ? answer.status : answer.path)),
    [403, 403, 403, 400],
  );
  assert.equal(isAppUrl('app://sockscope/index.html'), true);
  assert.equal(isAppUrl('app://sockscope:8080/index.html'), false);
  assert.equal(isAppUrl('app://sockscope.evil/index.html'), false);
  assert.equal(isAppUrl('https://sockscope/'), false);
  assert.equal(isAppUrl(''), false);
});

test('the handler serves real files with the CSP header, and refuses the rest', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'sockscope-renderer-'));
  const outside = mkdtempSync(join(tmpdir(), 'sockscope-outside-'));
  t.after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Sockscope</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log("hi")');
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  const handle = appProtocolHandler(root);

  const page = await handle(new Request('app://sockscope/'));
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(page.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(await page.text(), '<!doctype html><title>Sockscope</title>');

  const script = await handle(new Request('app://sockscope/assets/app.js'));
  assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal(await script.text(), 'console.log("hi")');

  const head = await handle(new Request('app://sockscope/assets/app.js', { method: 'HEAD' }));
  assert.equal(head.status, 200);
  assert.equal(await head.text(), '');

  const expectStatus = async (request: Request, status: number) => {
    const response = await handle(request);
    assert.equal(response.status, status, `${request.method} ${request.url}`);
    assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.doesNotMatch(await response.text(), /secret/);
  };
  await expectStatus(new Request('app://sockscope/missing.js'), 404);
  await expectStatus(new Request('app://sockscope/assets'), 404); // A directory.
  await expectStatus(new Request('app://sockscope/index.html/x'), 404);
  await expectStatus(new Request(`app://sockscope/%2e%2e%2f${outside.split('/').pop()}%2fsecret.txt`), 403);
  await expectStatus(new Request('app://sockscope/index.html', { method: 'POST', body: 'x' }), 405);
  await expectStatus(new Request('app://other/index.html'), 403);
});

test('the CSP is the strict one DESIGN.md asks for', () => {
  assert.equal(
    CONTENT_SECURITY_POLICY,
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
      "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
  );
});
