// @ts-check
/**
 * A child process of the benchmark workload (started by workload.ts, never by hand).
 * Plain JavaScript so it starts without tsx, whose esbuild helper would add a
 * process and descriptors of its own to what is being measured.
 *
 * `node workload-child.mjs pairs '{"address","pairs","churnPerSecond","concurrency"}'`
 *   listens on one loopback address and holds `pairs` ESTABLISHED TCP pairs
 *   (client and accepted socket, both in this process); each second it closes
 *   the oldest few (the client closes first, so it passes through TIME_WAIT) and
 *   opens as many new ones.
 * `node workload-child.mjs idle '{"count","fds"}'`
 *   spawns `count` `sleep` processes holding `fds` descriptors each, and kills
 *   them when it stops.
 *
 * Messages to the parent: {type:'ready',...}, {type:'status',...},
 * {type:'error',message}. It stops on {type:'stop'}, SIGTERM, SIGINT, or when
 * the parent's IPC channel closes (the parent died): it never outlives it.
 */
import net from 'node:net';
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';

const [role, json] = process.argv.slice(2);
const config = JSON.parse(json ?? '{}');

/** @param {Record<string, unknown>} message */
function send(message) {
  if (process.connected) process.send?.(message);
}

/** @param {string} message */
function fail(message) {
  send({ type: 'error', message });
  process.exitCode = 1;
  stop();
}

/** @type {() => void} */
let stopRole = () => process.exit();
let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  stopRole();
}
process.on('message', (m) => {
  if (m && typeof m === 'object' && 'type' in m && m.type === 'stop') stop();
});
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

if (role === 'pairs') runPairs(config);
else if (role === 'idle') runIdle(config);
else fail(`unknown role ${String(role)}`);

/**
 * @param {{ address: string, pairs: number, churnPerSecond: number, concurrency: number }} cfg
 */
function runPairs(cfg) {
  /** @typedef {{ client?: net.Socket, server?: net.Socket, up: boolean }} Pair */
  /** Pairs by the client's `address:port`, oldest first. @type {Map<string, Pair>} */
  const pairs = new Map();
  let established = 0;
  let clientsOpen = 0;
  let connecting = 0;
  let churned = 0;
  let failures = 0;
  let lastError = '';
  let ready = false;

  /** @param {string} key @param {'client' | 'server'} side @param {net.Socket} socket */
  function attach(key, side, socket) {
    let pair = pairs.get(key);
    if (!pair) {
      pair = { up: false };
      pairs.set(key, pair);
    }
    const owned = pair;
    owned[side] = socket;
    socket.once('close', () => detach(key, owned));
    if (owned.client && owned.server && !owned.up) {
      owned.up = true;
      established += 1;
      if (!ready && established >= cfg.pairs) {
        ready = true;
        send({ type: 'ready', established });
      }
    }
  }

  /** @param {string} key @param {Pair} pair */
  function detach(key, pair) {
    if (pairs.get(key) === pair) pairs.delete(key);
    if (pair.up) {
      pair.up = false;
      established -= 1;
    }
    pair.client?.destroy();
    pair.server?.destroy();
  }

  function openOne() {
    clientsOpen += 1;
    connecting += 1;
    let connected = false;
    const client = net.connect({ host: cfg.address, port, noDelay: true });
    client.on('error', (/** @type {NodeJS.ErrnoException} */ err) => {
      if (connected || stopping) return;
      failures += 1;
      lastError = err.code ?? err.message;
      if (!ready) fail(`connect to ${cfg.address}:${port} failed: ${err.message}`);
    });
    client.once('connect', () => {
      connected = true;
      connecting -= 1;
      attach(`${client.localAddress}:${client.localPort}`, 'client', client);
      pump();
    });
    client.once('close', () => {
      if (!connected) connecting -= 1;
      clientsOpen -= 1;
      pump();
    });
  }

  /** Opens connections until `cfg.pairs` are open or in flight, a bounded number at a time. */
  function pump() {
    while (!stopping && clientsOpen < cfg.pairs && connecting < cfg.concurrency) openOne();
  }

  /** Closes the `count` oldest established pairs: the client closes first and keeps TIME_WAIT. */
  function churn(count) {
    let closed = 0;
    for (const pair of pairs.values()) {
      if (closed >= count) break;
      if (!pair.up) continue;
      pair.client?.destroy();
      closed += 1;
    }
    churned += closed;
  }

  const server = net.createServer({ noDelay: true }, (socket) => {
    socket.on('error', () => undefined); // resets are expected on churn and stop
    attach(`${socket.remoteAddress}:${socket.remotePort}`, 'server', socket);
  });
  server.on('error', (err) => fail(`listen on ${cfg.address} failed: ${err.message}`));
  /** @type {number} */
  let port = 0;
  server.listen({ host: cfg.address, port: 0, backlog: 4096 }, () => {
    const address = server.address();
    port = typeof address === 'object' && address ? address.port : 0;
    send({ type: 'listening', port });
    if (cfg.pairs === 0) {
      ready = true;
      send({ type: 'ready', established: 0 });
    }
    pump();
  });

  const timer = setInterval(() => {
    if (ready && cfg.churnPerSecond > 0) churn(cfg.churnPerSecond);
    send({ type: 'status', established, connecting, churned, failures, lastError });
  }, 1000);

  stopRole = () => {
    clearInterval(timer);
    server.close();
    // A reset closes without TIME_WAIT, so a stopped workload leaves no rows behind.
    for (const pair of pairs.values()) {
      for (const socket of [pair.client, pair.server]) {
        try {
          socket?.resetAndDestroy();
        } catch {
          socket?.destroy();
        }
      }
    }
    setImmediate(() => process.exit());
  };
}

/** @param {{ count: number, fds: number }} cfg */
function runIdle(cfg) {
  const devNull = openSync('/dev/null', 'r');
  /** @type {('ignore' | number)[]} */
  const stdio = ['ignore', 'ignore', 'ignore', ...Array(Math.max(0, cfg.fds - 3)).fill(devNull)];
  /** @type {Set<import('node:child_process').ChildProcess>} */
  const live = new Set();
  /** @type {number[]} */
  const pids = [];
  let spawned = 0;
  let unexpectedExits = 0;

  function spawnOne() {
    const child = spawn('sleep', ['3600'], { stdio });
    live.add(child);
    child.once('error', (err) => fail(`spawning sleep failed: ${err.message}`));
    child.once('spawn', () => {
      if (child.pid !== undefined) pids.push(child.pid);
      spawned += 1;
      if (spawned === cfg.count) send({ type: 'ready', pids });
    });
    child.once('exit', () => {
      live.delete(child);
      if (!stopping) unexpectedExits += 1;
    });
  }

  // Spawn in slices so the IPC channel (stop, disconnect) stays responsive.
  let started = 0;
  function spawnSlice() {
    for (let i = 0; i < 50 && started < cfg.count && !stopping; i += 1, started += 1) spawnOne();
    if (started < cfg.count && !stopping) setImmediate(spawnSlice);
  }
  if (cfg.count === 0) send({ type: 'ready', pids });
  spawnSlice();

  const timer = setInterval(() => send({ type: 'status', idle: live.size, unexpectedExits }), 1000);

  stopRole = () => {
    clearInterval(timer);
    for (const child of live) child.kill('SIGKILL');
    // Exit only once every sleep is reaped, so none is left as a zombie or orphan.
    const deadline = Date.now() + 5000;
    const check = () => {
      if (live.size === 0 || Date.now() > deadline) process.exit();
      else setTimeout(check, 20);
    };
    check();
  };
}
