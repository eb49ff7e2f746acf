import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endianness } from 'node:os';
import {
  SockDiagDecoder,
  type NetlinkSocketRow,
} from '../../../../electron/collectors/linux/sock-diag-decoder.js';
import type { EndpointState, SocketCounters } from '../../../../shared/endpoint.js';
import { datagrams, ssLines } from '../../../helpers/sock-diag-fixtures.js';

// The fixtures are dumps recorded by scripts/record-sock-diag.ts in a fresh
// network namespace on Linux 6.18 (x86-64, little-endian), so they hold only
// the recorder's sockets, on fixed ports, opened as uid 65534: see
// test/fixtures/sock-diag/README.md and each dump's .json note, which also
// holds `ss -tanie`'s view of the same sockets (inodes, `sk:` cookies,
// tcp_info) to check the rows below against. Cases the kernel will not make on
// demand (DUMP_INTR, a cut datagram, an unknown attribute, EPERM...) are the
// recordings with one edit, made here by `edit` and named in each test.

const NOBODY = 65534;
const ENOENT = 2;
const EPERM = 1;
const NLMSG_NOOP = 1;
const NLMSG_ERROR = 2;
const NLMSG_OVERRUN = 4;
const NLM_F_DUMP_INTR = 0x10;
const INET_DIAG_INFO = 2;

const skip = endianness() !== 'LE' && 'the fixtures were recorded on a little-endian host';

/** Feeds `input` to a new decoder one datagram at a time. */
function decode(input: Uint8Array[], seq: number, protocol: 'tcp' | 'udp' = 'tcp') {
  const rows: NetlinkSocketRow[] = [];
  const decoder = new SockDiagDecoder(seq, protocol, rows);
  for (const datagram of input) decoder.push(datagram, datagram.length);
  return { decoder, rows };
}

/** One netlink message, taken apart so a test can edit it. */
interface Message {
  type: number;
  flags: number;
  seq: number;
  pid: number;
  /** Everything after the 16-byte header (for a socket: inet_diag_msg, then attributes). */
  payload: Uint8Array;
}

function split(datagram: Uint8Array): Message[] {
  const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  const messages: Message[] = [];
  for (let at = 0; at < datagram.length; at += (view.getUint32(at, true) + 3) & ~3) {
    messages.push({
      type: view.getUint16(at + 4, true),
      flags: view.getUint16(at + 6, true),
      seq: view.getUint32(at + 8, true),
      pid: view.getUint32(at + 12, true),
      payload: datagram.slice(at + 16, at + view.getUint32(at, true)),
    });
  }
  return messages;
}

function join(messages: Message[]): Uint8Array {
  const out = new Uint8Array(messages.reduce((sum, m) => sum + ((16 + m.payload.length + 3) & ~3), 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const m of messages) {
    view.setUint32(at, 16 + m.payload.length, true);
    view.setUint16(at + 4, m.type, true);
    view.setUint16(at + 6, m.flags, true);
    view.setUint32(at + 8, m.seq, true);
    view.setUint32(at + 12, m.pid, true);
    out.set(m.payload, at + 16);
    at += (16 + m.payload.length + 3) & ~3;
  }
  return out;
}

/** A copy of `input` with `change` applied to the messages of datagram `index`. */
function edit(input: Uint8Array[], index: number, change: (messages: Message[]) => Message[] | void) {
  const messages = split(input[index] as Uint8Array);
  return input.map((d, i) => (i === index ? join(change(messages) ?? messages) : d));
}

/** A socket message's attributes as [type, payload], with edits joined back into its payload. */
function attributes(message: Message): [number, Uint8Array][] {
  const view = new DataView(message.payload.buffer);
  const out: [number, Uint8Array][] = [];
  for (let at = 72; at < message.payload.length; at += (view.getUint16(at, true) + 3) & ~3) {
    out.push([view.getUint16(at + 2, true), message.payload.slice(at + 4, at + view.getUint16(at, true))]);
  }
  return out;
}

function setAttributes(message: Message, list: [number, Uint8Array][]): void {
  const parts = list.map(([type, data]) => {
    const part = new Uint8Array((4 + data.length + 3) & ~3);
    new DataView(part.buffer).setUint16(0, 4 + data.length, true);
    new DataView(part.buffer).setUint16(2, type, true);
    part.set(data, 4);
    return part;
  });
  const payload = new Uint8Array(72 + parts.reduce((sum, p) => sum + p.length, 0));
  payload.set(message.payload.subarray(0, 72));
  let at = 72;
  for (const part of parts) at += (payload.set(part, at), part.length);
  message.payload = payload;
}

function int32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setInt32(0, value, true);
  return bytes;
}

/** "address:port" into a row's four endpoint fields. */
function ends(local: string, remote: string) {
  const cut = (text: string) => [
    text.slice(0, text.lastIndexOf(':')),
    Number(text.slice(text.lastIndexOf(':') + 1)),
  ];
  const [localAddress, localPort] = cut(local) as [string, number];
  const [remoteAddress, remotePort] = cut(remote) as [string, number];
  return { localAddress, localPort, remoteAddress, remotePort };
}

/** An expected row; `counters` as the decoder reads them from tcp_info, when the kernel sent one. */
function row(
  proto: 'tcp' | 'udp',
  local: string,
  remote: string,
  state: EndpointState,
  [recvQ, sendQ]: [number, number],
  [uid, inode, cookie]: [number, number, string],
  counters: SocketCounters = {},
): NetlinkSocketRow {
  const family = local.indexOf(':') < local.lastIndexOf(':') ? 6 : 4;
  return { proto, family, ...ends(local, remote), state, recvQ, sendQ, uid, inode, cookie, ...counters };
}

/** tcp_info counters, in struct order: rtt, rttvar (µs / 1000), total_retrans, bytes_acked, bytes_received, segs_out, segs_in, delivery_rate. */
function info(
  rttMs: number,
  rttVarMs: number,
  retrans: number,
  bytesSent: number,
  bytesReceived: number,
  segsOut: number,
  segsIn: number,
  deliveryRate: number,
): SocketCounters {
  return { rttMs, rttVarMs, retrans, bytesSent, bytesReceived, segsOut, segsIn, deliveryRate };
}

const LISTENING = info(0, 0, 0, 0, 0, 0, 0, 0);

// prettier-ignore
const TCP4_ROWS = [
  row('tcp', '127.0.0.1:5001', '0.0.0.0:0', 'LISTEN', [0, 511], [NOBODY, 5118836, '000000000006902c'], LISTENING),
  // The server's end read nothing (Recv-Q 1000); it sent 3000 bytes.
  row('tcp', '127.0.0.1:5001', '127.0.0.1:40001', 'ESTABLISHED', [1000, 0], [NOBODY, 5118841, '000000000006902d'],
    info(0.02, 0.009, 0, 3000, 1000, 2, 4, 1730206896)),
  // bytes_acked counts the SYN of an active open: 1 with no data sent, 1001 after 1000 bytes.
  row('tcp', '127.0.0.1:40004', '127.0.0.1:5003', 'ESTABLISHED', [0, 0], [NOBODY, 5118846, '000000000006902e'],
    info(0.009, 0.004, 0, 1, 0, 2, 1, 0)),
  row('tcp', '127.0.0.1:40001', '127.0.0.1:5001', 'ESTABLISHED', [0, 0], [NOBODY, 5118840, '000000000006902f'],
    info(0.032, 0.017, 0, 1001, 3000, 4, 3, 2717538461)),
  // TIME_WAIT: no file (inode 0), no uid, no tcp_info.
  row('tcp', '127.0.0.1:40002', '127.0.0.1:5001', 'TIME_WAIT', [0, 0], [0, 0, '0000000000069030']),
];

// prettier-ignore
const TCP6_ROWS = [
  row('tcp', ':::5003', ':::0', 'LISTEN', [0, 511], [NOBODY, 5118838, '0000000000069031'], LISTENING),
  row('tcp', '::1:5002', ':::0', 'LISTEN', [0, 511], [NOBODY, 5118837, '0000000000069032'], LISTENING),
  row('tcp', '2001:db8::1:0:0:1:5004', ':::0', 'LISTEN', [0, 511], [NOBODY, 5118839, '0000000000069033'], LISTENING),
  row('tcp', '::1:5002', '::1:40003', 'ESTABLISHED', [0, 0], [NOBODY, 5118845, '0000000000069034'],
    info(0.012, 0.006, 0, 0, 500, 1, 3, 0)),
  row('tcp', '::1:40003', '::1:5002', 'ESTABLISHED', [0, 0], [NOBODY, 5118844, '0000000000069035'],
    info(0.02, 0.011, 0, 501, 0, 3, 2, 6553600000)),
  // The dual-stack listener's end of an IPv4 connection.
  row('tcp', '::ffff:127.0.0.1:5003', '::ffff:127.0.0.1:40004', 'ESTABLISHED', [0, 0],
    [NOBODY, 5118847, '0000000000069036'], info(0.007, 0.003, 0, 0, 0, 0, 2, 0)),
];

// prettier-ignore
const UDP_ROWS = [
  row('udp', '127.0.0.1:5353', '0.0.0.0:0', 'UNCONNECTED', [0, 0], [NOBODY, 5118848, '0000000000069037']),
  row('udp', '127.0.0.1:40005', '127.0.0.1:5353', 'CONNECTED', [0, 0], [NOBODY, 5118849, '0000000000069038']),
  row('udp', '::1:5354', ':::0', 'UNCONNECTED', [0, 0], [NOBODY, 5118850, '0000000000069039']),
  row('udp', '::ffff:127.0.0.1:40007', '::ffff:127.0.0.1:5353', 'CONNECTED', [0, 0],
    [NOBODY, 5118851, '000000000006903a']),
];

const TCP4 = 'tcp4-listen-established-time-wait';
const TCP4_SEQ = 101;

function assertClean(decoder: SockDiagDecoder): void {
  const { done, interrupted, errno, foreign, malformed, truncated } = decoder;
  assert.deepEqual(
    { done, interrupted, errno, foreign, malformed, truncated },
    { done: true, interrupted: false, errno: 0, foreign: 0, malformed: 0, truncated: false },
  );
}

test('recorded TCP: listeners, both ends, TIME_WAIT, IPv6, IPv4-mapped', { skip }, () => {
  const tcp4 = decode(datagrams(TCP4), TCP4_SEQ);
  assertClean(tcp4.decoder);
  assert.deepEqual(tcp4.rows, TCP4_ROWS);
  const tcp6 = decode(datagrams('tcp6-loopback-mapped-documentation'), 102);
  assertClean(tcp6.decoder);
  assert.deepEqual(tcp6.rows, TCP6_ROWS);

  // ss saw the same inodes and cookies (it prints the cookie without leading zeros).
  const ss = ssLines(TCP4);
  for (const r of [...TCP4_ROWS, ...TCP6_ROWS]) {
    const line = ss.find((l) => l.includes(` ino:${r.inode} sk:${r.cookie.replace(/^0+/, '')}`));
    assert.ok(line?.includes(`:${r.localPort} `), `${r.localAddress}:${r.localPort} in ss`);
  }
});

test('rows share one shape: SocketRow, cookie, then counters in tcp_info order', { skip }, () => {
  const { rows } = decode(datagrams(TCP4), TCP4_SEQ);
  const base = ['proto', 'family', 'localAddress', 'localPort', 'remoteAddress', 'remotePort', 'state'];
  const plain = [...base, 'recvQ', 'sendQ', 'uid', 'inode', 'cookie'];
  const counted = [...plain, 'rttMs', 'rttVarMs', 'retrans', 'bytesSent', 'bytesReceived', 'segsOut'];
  for (const r of rows) {
    assert.deepEqual(
      Object.keys(r),
      r.state === 'TIME_WAIT' ? plain : [...counted, 'segsIn', 'deliveryRate'],
    );
  }
});

test('recorded UDP dumps: bound and connected, IPv4-mapped, no counters', { skip }, () => {
  const udp4 = decode(datagrams('udp4-unconnected-connected'), 103, 'udp');
  const udp6 = decode(datagrams('udp6-unconnected-mapped'), 104, 'udp');
  assertClean(udp4.decoder);
  assertClean(udp6.decoder);
  assert.deepEqual([...udp4.rows, ...udp6.rows], UDP_ROWS);
});

test('a multipart dump of 301 sockets over 4 datagrams, decoded as each arrives', { skip }, () => {
  const input = datagrams('tcp4-301-sockets-multipart');
  assert.deepEqual(
    input.map((d) => d.length),
    [3712, 3712, 27492, 20],
  );
  const rows: NetlinkSocketRow[] = [];
  const decoder = new SockDiagDecoder(201, 'tcp', rows);
  const seen = input.map((d) => (decoder.push(d, d.length), [rows.length, decoder.done]));
  assert.deepEqual(seen, [
    [32, false],
    [64, false],
    [301, false],
    [301, true],
  ]);
  assertClean(decoder);

  // As ss saw them (no tcp_info was asked for: no counters).
  const find = (local: number, remote: number) =>
    rows.find((r) => r.localPort === local && r.remotePort === remote);
  // prettier-ignore
  assert.deepEqual([rows[0], find(41000, 6000), find(6000, 41000)], [
    row('tcp', '127.0.0.1:6000', '0.0.0.0:0', 'LISTEN', [0, 511], [NOBODY, 5118527, '0000000000061eff']),
    row('tcp', '127.0.0.1:41000', '127.0.0.1:6000', 'ESTABLISHED', [0, 0], [NOBODY, 5118528, '0000000000061f46']),
    row('tcp', '127.0.0.1:6000', '127.0.0.1:41000', 'ESTABLISHED', [0, 0], [NOBODY, 5118529, '0000000000069020']),
  ]);
  // Every connection, both ends: client i got inode 5118528 + 2i, its accepted end the next one.
  for (let i = 0; i < 150; i++) {
    const client = find(41000 + i, 6000);
    const server = find(6000, 41000 + i);
    assert.equal(client?.state, 'ESTABLISHED');
    assert.equal(server?.state, 'ESTABLISHED');
    assert.equal(client?.inode, 5118528 + 2 * i);
    assert.equal(server?.inode, 5118529 + 2 * i);
  }
  assert.equal(new Set(rows.map((r) => r.cookie)).size, 301);
});

test('NLM_F_DUMP_INTR on one socket message, or on NLMSG_DONE only, marks the dump torn', { skip }, () => {
  const input = datagrams('tcp4-301-sockets-multipart');
  // Edit: the flag set on the 5th message of the 2nd datagram.
  const onSocket = decode(
    edit(input, 1, (m) => void ((m[4] as Message).flags |= NLM_F_DUMP_INTR)),
    201,
  );
  assert.equal(onSocket.decoder.interrupted, true);
  assert.equal(onSocket.decoder.done, true);
  assert.equal(onSocket.rows.length, 301);
  // Edit: the flag set on NLMSG_DONE, the only message of the last datagram.
  const onDone = decode(
    edit(input, 3, (m) => void ((m[0] as Message).flags |= NLM_F_DUMP_INTR)),
    201,
  );
  assert.equal(onDone.decoder.interrupted, true);
  assert.equal(onDone.rows.length, 301);
});

test('a datagram cut inside a message: its whole messages are kept, the rest dropped', { skip }, () => {
  const input = datagrams('tcp4-301-sockets-multipart');
  // Edit: the 3rd datagram (237 messages of 116 bytes) cut 50 bytes into its 11th message.
  const cut = input.map((d, i) => (i === 2 ? d.slice(0, 10 * 116 + 50) : d));
  const { decoder, rows } = decode(cut, 201);
  assert.equal(decoder.truncated, true);
  assert.equal(rows.length, 32 + 32 + 10);
  assert.equal(decoder.done, true, 'the next datagram still ends the dump');
  assert.equal(decoder.malformed, 0);

  // Edit: a header claiming fewer bytes than a header, as the 2nd message.
  const short = decode(
    datagrams(TCP4).map((d, i) => {
      if (i > 0) return d;
      const copy = d.slice();
      const second = (new DataView(copy.buffer).getUint32(0, true) + 3) & ~3;
      new DataView(copy.buffer).setUint32(second, 8, true);
      return copy;
    }),
    TCP4_SEQ,
  );
  assert.equal(short.decoder.truncated, true);
  assert.deepEqual(short.rows, TCP4_ROWS.slice(0, 1));

  // `length` bounds the datagram: the same bytes with a shorter length, and 7 stray bytes.
  const whole = datagrams(TCP4)[0] as Uint8Array;
  const boundedRows: NetlinkSocketRow[] = [];
  const bounded = new SockDiagDecoder(TCP4_SEQ, 'tcp', boundedRows);
  bounded.push(whole, 500); // the first message is 400 bytes, the second longer than 100
  assert.equal(bounded.truncated, true);
  assert.deepEqual(boundedRows, TCP4_ROWS.slice(0, 1));
  const stray = new SockDiagDecoder(TCP4_SEQ, 'tcp', []);
  stray.push(new Uint8Array(7), 7);
  assert.equal(stray.truncated, true);
});

test('an unknown attribute (type 99) is skipped; tcp_info after it is still read', { skip }, () => {
  // Edit: a 6-byte attribute of type 99 put first in every socket message of the IPv4 dump.
  const input = edit(datagrams(TCP4), 0, (messages) => {
    for (const m of messages) setAttributes(m, [[99, new Uint8Array(6).fill(0xee)], ...attributes(m)]);
  });
  const { decoder, rows } = decode(input, TCP4_SEQ);
  assertClean(decoder);
  assert.deepEqual(rows, TCP4_ROWS);
});

test('a shorter tcp_info (an older kernel) gives only the counters it holds', { skip }, () => {
  const sizes = [60, 72, 104, 128, 136, 144, 160, 168];
  const got = sizes.map((size) => {
    // Edit: the client's tcp_info cut to `size` bytes.
    const input = edit(datagrams(TCP4), 0, (messages) => {
      const m = messages[3] as Message;
      setAttributes(
        m,
        attributes(m).map(([type, data]) => [type, type === INET_DIAG_INFO ? data.slice(0, size) : data]),
      );
    });
    return Object.keys(decode(input, TCP4_SEQ).rows[3] as NetlinkSocketRow).slice(12);
  });
  assert.deepEqual(got, [
    [],
    ['rttMs'],
    ['rttMs', 'rttVarMs', 'retrans'],
    ['rttMs', 'rttVarMs', 'retrans', 'bytesSent'],
    ['rttMs', 'rttVarMs', 'retrans', 'bytesSent', 'bytesReceived'],
    ['rttMs', 'rttVarMs', 'retrans', 'bytesSent', 'bytesReceived', 'segsOut', 'segsIn'],
    ['rttMs', 'rttVarMs', 'retrans', 'bytesSent', 'bytesReceived', 'segsOut', 'segsIn'],
    ['rttMs', 'rttVarMs', 'retrans', 'bytesSent', 'bytesReceived', 'segsOut', 'segsIn', 'deliveryRate'],
  ]);
});

test('malformed socket messages are skipped and counted, the others kept', { skip }, () => {
  const cases: [string, (m: Message) => void][] = [
    ['payload shorter than inet_diag_msg', (m) => void (m.payload = m.payload.slice(0, 40))],
    ['unknown family (AF_UNIX)', (m) => void (m.payload[0] = 1)],
    ['unknown TCP state 13', (m) => void (m.payload[1] = 13)],
    ['attribute length 3', (m) => new DataView(m.payload.buffer).setUint16(72, 3, true)],
    ['attribute past the message end', (m) => new DataView(m.payload.buffer).setUint16(72, 2000, true)],
  ];
  for (const [what, change] of cases) {
    // Edit: `change` applied to the 2nd message.
    const input = edit(datagrams(TCP4), 0, (messages) => change(messages[1] as Message));
    const { decoder, rows } = decode(input, TCP4_SEQ);
    assert.equal(decoder.malformed, 1, what);
    assert.deepEqual(rows, [TCP4_ROWS[0], ...TCP4_ROWS.slice(2)], what);
  }
  // UDP knows only states 1 (connected) and 7 (unconnected).
  const udp = edit(
    datagrams('udp4-unconnected-connected'),
    0,
    (m) => void ((m[0] as Message).payload[1] = 10),
  );
  const { decoder, rows } = decode(udp, 103, 'udp');
  assert.equal(decoder.malformed, 1);
  assert.deepEqual(rows, UDP_ROWS.slice(1, 2));
});

test('states: kernel 1..11 in order, 12 (NEW_SYN_RECV) as SYN_RECV; cookie high word first', { skip }, () => {
  const states = Array.from({ length: 12 }, (_, i) => i + 1);
  // Edit: the listener's message repeated with each state, and a cookie with both words set.
  const input = edit(datagrams(TCP4), 0, (messages) =>
    states.map((state) => {
      const payload = (messages[0] as Message).payload.slice();
      payload[1] = state;
      new DataView(payload.buffer).setUint32(44, 0x00c0ffee, true);
      new DataView(payload.buffer).setUint32(48, 0xdeadbeef, true);
      return { ...(messages[0] as Message), payload };
    }),
  );
  const { rows } = decode(input, TCP4_SEQ);
  assert.deepEqual(
    rows.map((r) => r.state),
    [
      ...['ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE'],
      ...['CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING', 'SYN_RECV'],
    ],
  );
  assert.equal(rows[0]?.cookie, 'deadbeef00c0ffee');
});

test('messages of another sequence number are counted and skipped', { skip }, () => {
  // An earlier, abandoned dump's datagram (seq 103) arrives first.
  const udp = datagrams('udp4-unconnected-connected')[0] as Uint8Array;
  const { decoder, rows } = decode([udp, ...datagrams(TCP4)], TCP4_SEQ);
  assert.equal(decoder.foreign, 2);
  assert.deepEqual(rows, TCP4_ROWS);
  // Edit: the 3rd message given seq 7.
  const mixed = decode(
    edit(datagrams(TCP4), 0, (m) => void ((m[2] as Message).seq = 7)),
    TCP4_SEQ,
  );
  assert.equal(mixed.decoder.foreign, 1);
  assert.deepEqual(mixed.rows, [...TCP4_ROWS.slice(0, 2), ...TCP4_ROWS.slice(3)]);
  // A whole dump of another request: nothing, and not done.
  const other = decode(datagrams(TCP4), 9);
  assert.equal(other.decoder.foreign, 6);
  assert.equal(other.decoder.done, false);
  assert.equal(other.rows.length, 0);
});

const ENOENT_DUMP = 'done-enoent-unknown-protocol';

test('recorded: a dump for an unknown protocol ends with NLMSG_DONE carrying -ENOENT', { skip }, () => {
  const { decoder, rows } = decode(datagrams(ENOENT_DUMP), 105);
  assert.deepEqual([decoder.done, decoder.errno, rows.length], [true, ENOENT, 0]);
  // Messages after the end are ignored.
  const late = decode([...datagrams(ENOENT_DUMP), ...datagrams(TCP4)], 105);
  assert.deepEqual([late.decoder.errno, late.decoder.foreign, late.rows.length], [ENOENT, 0, 0]);
});

test('NLMSG_ERROR: -EPERM and -ENOENT end the dump, an ACK (0) does not', { skip }, () => {
  // Edit: the recorded DONE made an NLMSG_ERROR (struct nlmsgerr: the error, then the request's header).
  const request = new Uint8Array(16);
  new DataView(request.buffer).setUint32(0, 16 + 56, true); // nlmsghdr + inet_diag_req_v2
  new DataView(request.buffer).setUint16(4, 20, true);
  new DataView(request.buffer).setUint32(8, 105, true);
  const answer = (code: number) =>
    decode(
      edit(datagrams(ENOENT_DUMP), 0, (m) => {
        Object.assign(m[0] as Message, { type: NLMSG_ERROR, flags: 0, payload: new Uint8Array(20) });
        (m[0] as Message).payload.set(int32(code));
        (m[0] as Message).payload.set(request, 4);
      }),
      105,
    ).decoder;
  const eperm = answer(-EPERM);
  assert.deepEqual([eperm.done, eperm.errno], [true, EPERM]);
  const enoent = answer(-ENOENT);
  assert.deepEqual([enoent.done, enoent.errno], [true, ENOENT]);
  const ack = answer(0);
  assert.deepEqual([ack.done, ack.errno], [false, 0]);
  // Edit: an NLMSG_ERROR too short to hold its code still ends the request (nothing follows one): EBADMSG.
  const unreadable = decode(
    edit(
      datagrams(ENOENT_DUMP),
      0,
      (m) => void Object.assign(m[0] as Message, { type: NLMSG_ERROR, payload: new Uint8Array(2) }),
    ),
    105,
  ).decoder;
  assert.deepEqual([unreadable.done, unreadable.errno], [true, 74]);
});

test('NLMSG_DONE with a negative payload, with none, NLMSG_OVERRUN, NOOP and unknown types', { skip }, () => {
  const last = datagrams(TCP4).length - 1;
  const withDone = (change: (done: Message) => void) =>
    decode(
      edit(datagrams(TCP4), last, (m) => change(m[0] as Message)),
      TCP4_SEQ,
    ).decoder;
  // Edit: DONE's status set to -EINTR (4).
  const failed = withDone((m) => void (m.payload = int32(-4)));
  assert.deepEqual([failed.done, failed.errno], [true, 4]);
  // Edit: DONE without a payload (older kernels).
  const bare = withDone((m) => void (m.payload = new Uint8Array(0)));
  assert.deepEqual([bare.done, bare.errno], [true, 0]);
  // Edit: DONE turned into NLMSG_OVERRUN.
  const overrun = withDone((m) => void (m.type = NLMSG_OVERRUN));
  assert.deepEqual([overrun.done, overrun.errno], [true, 105]);

  // Edit: a NOOP, an unknown type and an unreadable NLMSG_ERROR of another seq before the sockets.
  const noise = edit(datagrams(TCP4), 0, (m) => [
    { type: NLMSG_NOOP, flags: 0, seq: TCP4_SEQ, pid: 0, payload: new Uint8Array(0) },
    { type: 77, flags: 0, seq: TCP4_SEQ, pid: 0, payload: new Uint8Array(9) },
    { type: NLMSG_ERROR, flags: 0, seq: 1, pid: 0, payload: new Uint8Array(0) },
    ...m,
  ]);
  const { decoder, rows } = decode(noise, TCP4_SEQ);
  assert.deepEqual([decoder.done, decoder.errno, decoder.foreign, decoder.malformed], [true, 0, 1, 0]);
  assert.deepEqual(rows, TCP4_ROWS);
});

test('the edit helpers give back the recorded bytes unchanged', { skip }, () => {
  for (const name of [TCP4, 'tcp6-loopback-mapped-documentation', 'tcp4-301-sockets-multipart']) {
    const input = datagrams(name);
    for (let i = 0; i < input.length; i++) {
      const rebuilt = edit(input, i, (messages) => {
        for (const m of messages) if (m.type === 20) setAttributes(m, attributes(m));
      });
      assert.deepEqual(rebuilt[i], input[i], `${name} datagram ${i}`);
    }
  }
});
