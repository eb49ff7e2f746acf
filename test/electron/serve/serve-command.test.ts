import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../../electron/cli/usage.js';
import { parseServeArgs } from '../../../electron/serve/serve-command.js';
import type { Endpoint } from '../../../shared/endpoint.js';
import type { FullSnapshot } from '../../../shared/protocol.js';
import { waitFor } from '../../helpers/wait-for.js';
import { INDEX_HTML, TestView, makeRendererDir, rawRequest, within } from './serve-fixtures.js';

// `sockscope serve` as a user runs it: the real CLI in a child process with
// the real collector, its first stdout line, and a clean exit on a signal.

const CLI = fileURLToPath(new URL('../../../electron/cli.ts', import.meta.url));
const renderer = makeRendererDir();
after(() => renderer.remove());

test('parseServeArgs: defaults, flags and bad values', () => {
  assert.deepEqual(parseServeArgs([]), { host: '127.0.0.1', port: 7007, allowKill: false });
  assert.deepEqual(parseServeArgs(['--port', '0', '--host', '::1', '--allow-kill']), {
    host: '::1',
    port: 0,
    allowKill: true,
  });
  assert.equal(parseServeArgs(['--host', '[::1]']).host, '::1');
  assert.equal(parseServeArgs(['--port=8080']).port, 8080);
  for (const args of [
    ['--port', 'http'],
    ['--port', '65536'],
    ['--port', '1.5'],
    ['--port', ''],
    ['--host', ''],
    ['--host', 'evil.com/x'],
    ['--kill'],
    ['extra'],
  ]) {
    assert.throws(() => parseServeArgs(args), UsageError, args.join(' '));
  }
});

/** `sockscope serve` in a child process; resolves once its first stdout line is read. */
async function startCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SOCKSCOPE_RENDERER_DIR: renderer.dir, ...env },
  });
  const stderr: string[] = [];
  const stdout: string[] = [];
  readline.createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
  readline.createInterface({ input: child.stdout }).on('line', (line) => stdout.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  after(() => child.kill('SIGKILL'));
  await within(
    waitFor(
      'the first stdout line',
      () => (stdout.length > 0 || child.exitCode !== null ? true : undefined),
      20_000,
    ),
    'the CLI to start',
    25_000,
  );
  return { child, stdout, stderr, exited };
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`the CLI prints the URL first, serves the UI and the live table, and exits 0 on ${signal}`, async () => {
    const cli = await startCli(['--port', '0']);
    assert.ok(cli.stdout[0], `a URL on stdout; stderr: ${cli.stderr.join('\n')}`);
    const url = new URL(cli.stdout[0]!);
    assert.match(cli.stdout[0]!, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
    const port = Number(url.port);
    const token = url.searchParams.get('token')!;
    await waitFor('the stderr banner', () => (cli.stderr.length > 0 ? true : undefined));
    assert.match(
      cli.stderr[0]!,
      new RegExp(
        `^sockscope: serving on http://127\\.0\\.0\\.1:${port} — collector \\S+ \\(.+\\); Ctrl\\+C stops$`,
      ),
    );

    const page = await rawRequest(port, `${url.pathname}${url.search}`);
    assert.equal(page.status, 200);
    assert.equal(page.body, INDEX_HTML);

    // The real collector sees the server's own listening socket, owned by the CLI's process.
    const view = new TestView(port, token);
    await view.opened;
    const own = await waitFor(
      'the server socket in a snapshot',
      async () => {
        const { rows } = await view.callOk<FullSnapshot>('snapshot');
        return rows.find((r: Endpoint) => r.localPort === port && r.state === 'LISTEN');
      },
      10_000,
      100,
    );
    assert.equal(own.localAddress, '127.0.0.1');
    assert.deepEqual(own.owner.kind === 'process' && own.owner.pid, cli.child.pid);

    cli.child.kill(signal);
    assert.equal((await within(view.closed, 'the view to be closed')).code, 1001);
    assert.equal(await within(cli.exited, 'the CLI to exit'), 0);
    assert.equal(cli.stdout.length, 1, 'one line on stdout: the URL');
  });
}

test('the CLI without a built renderer says to run npm run build and exits 1', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'serve', '--port', '0'], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, SOCKSCOPE_RENDERER_DIR: `${renderer.root}/not-built` },
  });
  assert.equal(result.status, 1);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^sockscope: the web UI is not built: .*run npm run build/);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'a message, not a stack trace');
});

test('the CLI on a port in use exits 1 with a message naming the port', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  try {
    const port = (blocker.address() as net.AddressInfo).port;
    const result = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'serve', '--port', String(port)], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, SOCKSCOPE_RENDERER_DIR: renderer.dir },
    });
    assert.equal(result.status, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, new RegExp(`127\\.0\\.0\\.1:${port} is in use`));
  } finally {
    blocker.close();
  }
});

test('a non-loopback --host is warned about on stderr before binding', () => {
  // 192.0.2.1 (TEST-NET-1) is never an address of this machine: the warning shows and the bind fails.
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', CLI, 'serve', '--host', '192.0.2.1', '--port', '0'],
    {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, SOCKSCOPE_RENDERER_DIR: renderer.dir },
    },
  );
  assert.equal(result.status, 1);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /warning: --host 192\.0\.2\.1 is not loopback/);
  assert.match(result.stderr, /192\.0\.2\.1 is not an address of this machine/);
});

test('a bad flag prints the usage and exits 2', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'serve', '--port', 'x'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /--port takes a port number/);
  assert.match(result.stderr, /serve \[options\]/);
});
