import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type ServeHandle } from '../../../electron/serve/serve-server.js';
import { scriptedCollector } from '../../helpers/scripted-collector.js';
import { APP_JS, INDEX_HTML, SECRET, listenRow, makeRendererDir, rawRequest } from './serve-fixtures.js';

// The HTTP side of serve mode over real loopback sockets: the token, the
// cookie, the Host check, static files and their headers.

const renderer = makeRendererDir();
let server: ServeHandle;
let port: number;
let token: string;
const withCookie = (value = token) => ({ headers: { Cookie: `sockscope_token_${port}=${value}` } });

before(async () => {
  server = await startServer({
    port: 0,
    rendererDir: renderer.dir,
    collector: scriptedCollector([[listenRow(5000)]]),
  });
  port = server.port;
  token = server.token;
});
after(async () => {
  await server.close();
  renderer.remove();
});

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

test('the URL holds a 256-bit hex token and the bound port', () => {
  assert.match(token, /^[0-9a-f]{64}$/);
  assert.equal(server.url, `http://127.0.0.1:${port}/?token=${token}`);
  assert.notEqual(port, 0);
});

test('without a token the page and the assets are refused with 401', async () => {
  for (const path of ['/', '/index.html', '/assets/app.js', '/?token=']) {
    const res = await rawRequest(port, path);
    assert.equal(res.status, 401, path);
    assert.doesNotMatch(res.body, /sockscope test/, `${path} leaks nothing`);
    assert.equal(res.headers['set-cookie'], undefined);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  }
});

test('a wrong token is refused, of the same length or not', async () => {
  const flipped = (token[0] === 'a' ? 'b' : 'a') + token.slice(1);
  const wrong = [flipped, token.slice(0, 32), `${token}00`, token.toUpperCase(), 'x'];
  for (const candidate of wrong) {
    assert.equal((await rawRequest(port, `/?token=${candidate}`)).status, 401, `?token=${candidate}`);
    assert.equal((await rawRequest(port, '/assets/app.js', withCookie(candidate))).status, 401);
  }
});

test('a valid ?token serves the page and sets an HttpOnly SameSite=Strict cookie', async () => {
  const res = await rawRequest(port, `/?token=${token}`);
  assert.equal(res.status, 200);
  assert.equal(res.body, INDEX_HTML);
  assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.equal(res.headers['content-security-policy'], CSP);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.equal(res.headers['referrer-policy'], 'no-referrer');
  assert.deepEqual(res.headers['set-cookie'], [
    `sockscope_token_${port}=${token}; HttpOnly; SameSite=Strict; Path=/`,
  ]);
});

test('the cookie alone lets the page and its assets in, with their content types', async () => {
  const page = await rawRequest(port, '/', withCookie());
  assert.equal(page.status, 200);
  assert.equal(page.body, INDEX_HTML);
  assert.equal(page.headers['set-cookie'], undefined, 'the cookie is set only from the URL token');
  const js = await rawRequest(port, '/assets/app.js', withCookie());
  assert.equal(js.status, 200);
  assert.equal(js.body, APP_JS);
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(js.headers['content-security-policy'], CSP);
  const css = await rawRequest(port, '/assets/style.css', {
    headers: { Cookie: `theme=dark; sockscope_token_${port}=${token}; other=1` },
  });
  assert.equal(css.status, 200);
  assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
});

test('a token cookie named for another port (another server on this host) does not let this one in', async () => {
  const other = await rawRequest(port, '/', { headers: { Cookie: `sockscope_token_${port + 1}=${token}` } });
  assert.equal(other.status, 401);
  // Both servers' cookies side by side, as a browser sends them: this one's is found.
  const both = await rawRequest(port, '/', {
    headers: { Cookie: `sockscope_token_${port + 1}=${'0'.repeat(64)}; sockscope_token_${port}=${token}` },
  });
  assert.equal(both.status, 200);
});

test('a Host other than the bound host and port is refused, with a valid token', async () => {
  const attacks = [`evil.com:${port}`, `127.0.0.1:${port + 1}`, 'evil.com', `127.0.0.1.evil.com:${port}`, ''];
  for (const host of attacks) {
    const res = await rawRequest(port, `/?token=${token}`, { host });
    assert.equal(res.status, 403, `Host: ${host}`);
    assert.doesNotMatch(res.body, /sockscope test/);
  }
  assert.equal((await rawRequest(port, `/?token=${token}`, { host: null })).status, 403, 'no Host');
  assert.equal((await rawRequest(port, '/', { host: `localhost:${port}`, ...withCookie() })).status, 200);
  assert.equal((await rawRequest(port, '/', { host: `LOCALHOST:${port}`, ...withCookie() })).status, 200);
});

test('an absolute-form request target is refused', async () => {
  const res = await rawRequest(port, `http://evil.com/?token=${token}`);
  assert.equal(res.status, 400);
});

test('paths outside the renderer folder are never served', async () => {
  const attempts = [
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets/link.txt',
    '//secret.txt',
    '/%00index.html',
    `/${'../'.repeat(10)}etc/passwd`,
  ];
  for (const path of attempts) {
    const res = await rawRequest(port, path, withCookie());
    assert.ok([400, 404].includes(res.status), `${path}: ${res.status}`);
    assert.ok(!res.body.includes(SECRET) && !res.body.includes('root:'), `${path} leaks nothing`);
  }
  // Inside the folder, `..` that stays inside is fine.
  assert.equal((await rawRequest(port, '/assets/../index.html', withCookie())).status, 200);
});

test('no directory listings; unknown paths are 404', async () => {
  for (const path of ['/assets/', '/assets', '/nope', '/nope/', '/index.html/']) {
    const res = await rawRequest(port, path, withCookie());
    assert.equal(res.status, 404, path);
    assert.doesNotMatch(res.body, /app\.js/);
  }
});

test('only GET and HEAD: other methods get 405 and change nothing', async () => {
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
    const res = await rawRequest(port, '/', { method, ...withCookie() });
    assert.equal(res.status, 405, method);
    assert.equal(res.headers.allow, 'GET, HEAD');
  }
  // Without the token a POST learns nothing more than a GET.
  assert.equal((await rawRequest(port, '/', { method: 'POST' })).status, 401);
  const head = await rawRequest(port, '/assets/app.js', { method: 'HEAD', ...withCookie() });
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
  assert.equal(head.headers['content-length'], String(Buffer.byteLength(APP_JS)));
});
