/**
 * Records the sock_diag dumps in test/fixtures/sock-diag/ from this machine's
 * kernel, through the native addon (run `npm run build:native` first):
 *
 *     node --import tsx scripts/record-sock-diag.ts OUTDIR
 *
 * As root, it re-runs itself in a new network namespace (unshare --net), so a
 * dump holds only the sockets it opens, on fixed ports, and the tests can
 * assert every row. Sockets are opened with euid 65534 so their uid is not 0.
 * Each dump is written as NAME.bin (per datagram: a u32 little-endian length,
 * then the bytes, as received) and NAME.json (the request, the datagram sizes,
 * what was live, and `ss`'s view of the same sockets, to check the expected
 * rows in the tests against).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { endianness, release } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  loadNativeAddon,
  type NativeAddon,
  type SockDiagHandle,
} from '../electron/collectors/linux/native-addon.js';
import {
  AF_INET,
  AF_INET6,
  ALL_TCP_STATES_MASK,
  INET_DIAG_INFO,
  IPPROTO_TCP,
  IPPROTO_UDP,
  NLMSG_DONE,
  NLMSG_ERROR,
  netlinkAlign,
} from '../electron/collectors/linux/netlink-constants.js';

const IN_NAMESPACE = 'SOCKSCOPE_RECORD_IN_NETNS';
const NOBODY = 65534;
const LITTLE_ENDIAN = endianness() === 'LE';
const EXT_TCP_INFO = 1 << (INET_DIAG_INFO - 1);
/** An IPv6 address whose text needs RFC 5952's rules (the first of two equal zero runs is `::`). */
const DOCUMENTATION_IPV6 = '2001:db8::1:0:0:1';

const outDir = process.argv[2];
if (outDir === undefined) {
  console.error('usage: node --import tsx scripts/record-sock-diag.ts OUTDIR');
  process.exit(2);
}

if (process.env[IN_NAMESPACE] !== '1') {
  // Run again in a fresh network namespace: only loopback, and only our sockets.
  const result = spawnSync(
    'unshare',
    ['--net', process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url), resolve(outDir)],
    { stdio: 'inherit', env: { ...process.env, [IN_NAMESPACE]: '1' } },
  );
  process.exit(result.status ?? 1);
}

const load = loadNativeAddon();
if (load.addon === null) throw new Error(`the native addon is needed: ${load.reason}`);
const addon: NativeAddon = load.addon;
execFileSync('ip', ['link', 'set', 'lo', 'up']);
execFileSync('ip', ['-6', 'addr', 'add', `${DOCUMENTATION_IPV6}/128`, 'dev', 'lo', 'nodad']);

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Everything to close at the end of a scenario. */
const open: { destroy(): void }[] = [];

/** A listener; `accepted` collects the ends it accepts. */
async function listen(port: number, host: string, ipv6Only = false, pauseOnConnect = false) {
  const accepted: net.Socket[] = [];
  // pauseOnConnect: nothing is read from accepted sockets, so what arrives stays in the kernel's queue.
  const server = net.createServer({ pauseOnConnect }, (socket) => {
    socket.on('error', () => {});
    accepted.push(socket);
    open.push(socket);
  });
  await new Promise<void>((done) => server.listen({ port, host, ipv6Only }, done));
  open.push({ destroy: () => server.close() });
  return accepted;
}

async function connect(host: string, port: number, localAddress: string, localPort: number) {
  const socket = net.connect({ host, port, localAddress, localPort });
  socket.on('error', () => {});
  await new Promise((done) => socket.once('connect', done));
  open.push(socket);
  return socket;
}

async function udp(type: 'udp4' | 'udp6', address: string, port: number): Promise<dgram.Socket> {
  const socket = dgram.createSocket({ type, ipv6Only: false });
  await new Promise<void>((done) => socket.bind(port, address, done));
  open.push({ destroy: () => socket.close() });
  return socket;
}

/** Sends a dump request and keeps every datagram of its answer, as received. */
function dump(handle: SockDiagHandle, family: number, protocol: number, ext: number, seq: number) {
  const sent = addon.sockDiagRequest(handle, family, protocol, ALL_TCP_STATES_MASK, ext, seq);
  if (sent < 0) throw new Error(`sockDiagRequest: errno ${-sent}`);
  const datagrams: Uint8Array[] = [];
  const buffer = new Uint8Array(256 * 1024);
  const status = new Int32Array(2);
  for (let ended = false; !ended;) {
    const length = addon.sockDiagRecv(handle, buffer, 0, status);
    if (length < 0) throw new Error(`sockDiagRecv: errno ${-length}`);
    const datagram = buffer.slice(0, length);
    datagrams.push(datagram);
    // Only the message types are looked at here, to know where the answer ends: decoding is the test's job.
    const view = new DataView(datagram.buffer);
    for (let at = 0; at + 16 <= length;) {
      const type = view.getUint16(at + 4, LITTLE_ENDIAN);
      if (type === NLMSG_DONE || type === NLMSG_ERROR) ended = true;
      const messageLength = view.getUint32(at, LITTLE_ENDIAN);
      if (messageLength < 16) throw new Error(`a message of ${messageLength} bytes`);
      at += netlinkAlign(messageLength);
    }
  }
  return { request: { family, protocol, states: ALL_TCP_STATES_MASK, ext, seq }, datagrams };
}

/** What `ss` shows (numeric, extended, with tcp_info) for the same sockets, as a cross-check. */
function ss(flags: string, keep: (line: string) => boolean = () => true): string[] {
  const lines: string[] = [];
  for (const line of execFileSync('ss', [flags, '-H'], { encoding: 'utf8' }).split('\n')) {
    // -i puts tcp_info on a second line, after a tab: join it to its socket's line.
    if (line.startsWith('\t')) {
      if (line.trim() !== '') lines[lines.length - 1] += ` | ${line.trim()}`;
    } else if (line.trim() !== '') {
      lines.push(line.replace(/\s+/g, ' ').trim());
    }
  }
  return lines.filter(keep);
}

function save(name: string, recorded: ReturnType<typeof dump>, live: string[], ssLines: string[]): void {
  const bin = Buffer.alloc(recorded.datagrams.reduce((sum, d) => sum + 4 + d.length, 0));
  let at = 0;
  for (const datagram of recorded.datagrams) {
    at = bin.writeUInt32LE(datagram.length, at);
    bin.set(datagram, at);
    at += datagram.length;
  }
  writeFileSync(join(outDir as string, `${name}.bin`), bin);
  const note = {
    recorded: new Date().toISOString().slice(0, 10),
    kernel: release(),
    byteOrder: LITTLE_ENDIAN ? 'little-endian host' : 'big-endian host',
    request: recorded.request,
    datagramBytes: recorded.datagrams.map((d) => d.length),
    live,
    ss: ssLines,
  };
  writeFileSync(join(outDir as string, `${name}.json`), JSON.stringify(note, null, 2) + '\n');
  console.log(`${name}: ${recorded.datagrams.length} datagrams, ${bin.length} bytes`);
}

async function closeAll(): Promise<void> {
  for (const socket of open.splice(0)) {
    if (socket instanceof net.Socket) socket.resetAndDestroy();
    else socket.destroy();
  }
  await sleep(200);
}

/** About 300 established sockets, so the dump spans several datagrams. No tcp_info, to keep the file small. */
async function recordMultipart(handle: SockDiagHandle) {
  await listen(6000, '127.0.0.1');
  for (let i = 0; i < 150; i++) await connect('127.0.0.1', 6000, '127.0.0.1', 41000 + i);
  await sleep(300);
  const recorded = dump(handle, AF_INET, IPPROTO_TCP, 0, 201);
  const live = [
    'LISTEN 127.0.0.1:6000 (backlog 511)',
    '150 connections 127.0.0.1:41000..41149 -> 127.0.0.1:6000, both ends open, no data sent',
  ];
  // ss's view of the listener and the first connection only: the file stays small.
  return { recorded, live, ss: ss('-tane', (line) => / 127\.0\.0\.1:(6000 0\.0\.0\.0|41000 )/.test(line)) };
}

async function recordNormal(handle: SockDiagHandle) {
  const acceptedOn5001 = await listen(5001, '127.0.0.1', false, true);
  await listen(5002, '::1', true);
  await listen(5003, '::');
  await listen(5004, DOCUMENTATION_IPV6, true);

  // Both ends open, known byte counts; the server's end reads nothing, so its receive queue holds 1000 bytes.
  const client = await connect('127.0.0.1', 5001, '127.0.0.1', 40001);
  client.write(Buffer.alloc(1000, 1));
  await sleep(100);
  (acceptedOn5001[0] as net.Socket).write(Buffer.alloc(3000, 2));

  // The client closes first: its end goes to TIME_WAIT once the server's end closes too.
  const closing = await connect('127.0.0.1', 5001, '127.0.0.1', 40002);
  closing.on('data', () => {});
  closing.end();
  await sleep(100);
  (acceptedOn5001[1] as net.Socket).end();
  await new Promise((done) => closing.once('close', done));

  const v6 = await connect('::1', 5002, '::1', 40003);
  v6.write(Buffer.alloc(500, 3));
  // An IPv4 client of the dual-stack listener: its accepted end is IPv6 with mapped addresses.
  await connect('127.0.0.1', 5003, '127.0.0.1', 40004);

  const unconnected = await udp('udp4', '127.0.0.1', 5353);
  unconnected.on('message', () => {});
  const connected = await udp('udp4', '127.0.0.1', 40005);
  await new Promise<void>((done) => connected.connect(5353, '127.0.0.1', done));
  await udp('udp6', '::1', 5354);
  const mapped = await udp('udp6', '::', 40007);
  await new Promise<void>((done) => mapped.connect(5353, '::ffff:127.0.0.1', done));
  await sleep(500);

  const tcp4 = dump(handle, AF_INET, IPPROTO_TCP, EXT_TCP_INFO, 101);
  const tcp6 = dump(handle, AF_INET6, IPPROTO_TCP, EXT_TCP_INFO, 102);
  const udp4 = dump(handle, AF_INET, IPPROTO_UDP, 0, 103);
  const udp6 = dump(handle, AF_INET6, IPPROTO_UDP, 0, 104);
  // No inet_diag handler for protocol 200: the kernel ends the dump with NLMSG_DONE carrying -ENOENT.
  const enoent = dump(handle, AF_INET, 200, 0, 105);
  return { tcp4, tcp6, udp4, udp6, enoent, ssTcp: ss('-tanie'), ssUdp: ss('-uane') };
}

async function main(): Promise<void> {
  mkdirSync(outDir as string, { recursive: true });
  const handle = addon.sockDiagOpen();
  if (typeof handle === 'number') throw new Error(`sockDiagOpen: errno ${-handle}`);
  const seteuid = process.seteuid as (id: number) => void; // POSIX only, as is this script
  // Sockets take the effective uid of their maker: not root's 0, so the tests can tell uid from nothing.
  seteuid(NOBODY);
  const multipart = await recordMultipart(handle);
  await closeAll();
  const normal = await recordNormal(handle);
  await closeAll();
  seteuid(0);

  save('tcp4-301-sockets-multipart', multipart.recorded, multipart.live, multipart.ss);
  const tcp = [
    'LISTEN 127.0.0.1:5001, [::1]:5002 (v6 only), [::]:5003 (dual stack), [2001:db8::1:0:0:1]:5004; backlog 511',
    '127.0.0.1:40001 <-> 127.0.0.1:5001: client sent 1000 bytes, server 3000; the server read none (Recv-Q 1000)',
    '127.0.0.1:40002 -> 127.0.0.1:5001 closed by the client first: TIME_WAIT (uid 0, inode 0, no tcp_info)',
    '[::1]:40003 <-> [::1]:5002: client sent 500 bytes',
    '127.0.0.1:40004 -> dual-stack 5003: accepted end [::ffff:127.0.0.1]:5003 in the IPv6 dump',
    `sockets opened with euid ${NOBODY}`,
  ];
  save('tcp4-listen-established-time-wait', normal.tcp4, tcp, normal.ssTcp);
  save('tcp6-loopback-mapped-documentation', normal.tcp6, tcp, normal.ssTcp);
  const udpLive = [
    'UDP 127.0.0.1:5353 unconnected; 127.0.0.1:40005 connected to 127.0.0.1:5353',
    'UDP [::1]:5354 unconnected; [::]:40007 (dual stack) connected to [::ffff:127.0.0.1]:5353',
    `sockets opened with euid ${NOBODY}`,
  ];
  save('udp4-unconnected-connected', normal.udp4, udpLive, normal.ssUdp);
  save('udp6-unconnected-mapped', normal.udp6, udpLive, normal.ssUdp);
  save('done-enoent-unknown-protocol', normal.enoent, ['request for IPv4 protocol 200: no handler'], []);
  addon.sockDiagClose(handle);
}

await main();
process.exit(0);
