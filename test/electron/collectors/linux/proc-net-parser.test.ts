import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  decodeIpv4Hex,
  decodeIpv6Hex,
  parseProcNet,
} from '../../../../electron/collectors/linux/proc-net-parser.js';
import { formatIpv6 } from '../../../../electron/collectors/linux/ip-address-text.js';
import type { SocketRow } from '../../../../shared/endpoint.js';

// The fixtures are /proc/net/{tcp,tcp6,udp,udp6} recorded on a little-endian
// x86-64 host while a script running as uid 65534 held loopback sockets:
// listeners, both ends of connections (one with 5 unread bytes), TIME_WAIT,
// UDP bound and connected, on 127.0.0.1 and ::1, and a dual-stack `::`
// listener that accepted a 127.0.0.1 client. Rows with uid 0 belong to the
// host (a listener on port 2024, TIME_WAIT left from an earlier recording).

function fixture(name: string): string {
  return readFileSync(new URL(`../../../fixtures/proc-net/${name}`, import.meta.url), 'latin1');
}

const HEADER4 =
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
const HEADER6 =
  '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';

/** A kernel-formatted row; `fields` overrides any field by name. */
function row4(
  fields: Partial<Record<'sl' | 'local' | 'remote' | 'st' | 'queues' | 'uid' | 'inode', string>>,
) {
  const f = {
    sl: '0:',
    local: '0100007F:1F90',
    remote: '00000000:0000',
    st: '0A',
    queues: '00000000:00000000',
    uid: '1000',
    inode: '12345',
    ...fields,
  };
  return `${f.sl.padStart(5)} ${f.local} ${f.remote} ${f.st} ${f.queues} 00:00000000 00000000 ${f.uid.padStart(5)}        0 ${f.inode} 1 0000000000000000 100 0 0 10 0`;
}

function table4(...rows: string[]): string {
  return [HEADER4, ...rows].join('\n') + '\n';
}

function only(text: string, proto: 'tcp' | 'udp' = 'tcp', family: 4 | 6 = 4): SocketRow {
  const result = parseProcNet(text, proto, family);
  assert.equal(result.skipped, 0, 'skipped');
  assert.equal(result.rows.length, 1, 'rows');
  return result.rows[0] as SocketRow;
}

test('recorded /proc/net/tcp: listeners, both ends, unread bytes, TIME_WAIT', () => {
  const { rows, skipped, duplicates } = parseProcNet(fixture('tcp'), 'tcp', 4);
  assert.equal(skipped, 0);
  assert.equal(duplicates, 0);
  assert.equal(rows.length, 8);
  const base = { proto: 'tcp', family: 4, recvQ: 0, sendQ: 0 } as const;
  assert.deepEqual(rows[0], {
    ...base,
    localAddress: '127.0.0.1',
    localPort: 44897,
    remoteAddress: '0.0.0.0',
    remotePort: 0,
    state: 'LISTEN',
    uid: 65534,
    inode: 7667,
  });
  assert.deepEqual(rows[1], {
    ...base,
    localAddress: '0.0.0.0',
    localPort: 2024,
    remoteAddress: '0.0.0.0',
    remotePort: 0,
    state: 'LISTEN',
    uid: 0,
    inode: 1077,
  });
  // The client end, and the accepted end holding the 5 bytes the server has not read.
  assert.deepEqual(rows[3], {
    ...base,
    localAddress: '127.0.0.1',
    localPort: 46436,
    remoteAddress: '127.0.0.1',
    remotePort: 44897,
    state: 'ESTABLISHED',
    uid: 65534,
    inode: 7668,
  });
  assert.deepEqual(rows[5], {
    ...base,
    localAddress: '127.0.0.1',
    localPort: 44897,
    remoteAddress: '127.0.0.1',
    remotePort: 46436,
    state: 'ESTABLISHED',
    recvQ: 5,
    uid: 65534,
    inode: 7669,
  });
  // TIME_WAIT rows are printed by the kernel with uid 0, inode 0 and fewer trailing fields.
  assert.deepEqual(rows[6], {
    ...base,
    localAddress: '127.0.0.1',
    localPort: 50036,
    remoteAddress: '127.0.0.1',
    remotePort: 38359,
    state: 'TIME_WAIT',
    uid: 0,
    inode: 0,
  });
  // The 127.0.0.1 client of the dual-stack listener.
  assert.deepEqual(rows[7], {
    ...base,
    localAddress: '127.0.0.1',
    localPort: 35568,
    remoteAddress: '127.0.0.1',
    remotePort: 42305,
    state: 'ESTABLISHED',
    uid: 65534,
    inode: 7680,
  });
});

test('recorded /proc/net/tcp6: ::1, the :: listener and its IPv4-mapped accepted end', () => {
  const { rows, skipped, duplicates } = parseProcNet(fixture('tcp6'), 'tcp', 6);
  assert.equal(skipped, 0);
  assert.equal(duplicates, 0);
  assert.equal(rows.length, 10);
  const base = { proto: 'tcp', family: 6, recvQ: 0, sendQ: 0 } as const;
  assert.deepEqual(rows[0], {
    ...base,
    localAddress: '::1',
    localPort: 37819,
    remoteAddress: '::',
    remotePort: 0,
    state: 'LISTEN',
    uid: 65534,
    inode: 7676,
  });
  assert.deepEqual(rows[1], {
    ...base,
    localAddress: '::',
    localPort: 42305,
    remoteAddress: '::',
    remotePort: 0,
    state: 'LISTEN',
    uid: 65534,
    inode: 7679,
  });
  assert.deepEqual(rows[3], {
    ...base,
    localAddress: '::ffff:127.0.0.1',
    localPort: 42305,
    remoteAddress: '::ffff:127.0.0.1',
    remotePort: 35568,
    state: 'ESTABLISHED',
    uid: 65534,
    inode: 7681,
  });
  assert.deepEqual(rows[5], {
    ...base,
    localAddress: '::1',
    localPort: 50784,
    remoteAddress: '::1',
    remotePort: 44967,
    state: 'ESTABLISHED',
    uid: 65534,
    inode: 7671,
  });
  assert.deepEqual(rows[8], {
    ...base,
    localAddress: '::1',
    localPort: 42314,
    remoteAddress: '::1',
    remotePort: 37819,
    state: 'TIME_WAIT',
    uid: 0,
    inode: 0,
  });
});

test('recorded /proc/net/udp and udp6: bound sockets are UNCONNECTED, connected ones CONNECTED', () => {
  const udp = parseProcNet(fixture('udp'), 'udp', 4);
  assert.equal(udp.skipped, 0);
  const base4 = { proto: 'udp', family: 4, recvQ: 0, sendQ: 0, uid: 65534 } as const;
  assert.deepEqual(udp.rows, [
    {
      ...base4,
      localAddress: '127.0.0.1',
      localPort: 53905,
      remoteAddress: '127.0.0.1',
      remotePort: 33082,
      state: 'CONNECTED',
      inode: 7683,
    },
    {
      ...base4,
      localAddress: '127.0.0.1',
      localPort: 33082,
      remoteAddress: '0.0.0.0',
      remotePort: 0,
      state: 'UNCONNECTED',
      inode: 7682,
    },
  ]);
  const udp6 = parseProcNet(fixture('udp6'), 'udp', 6);
  assert.equal(udp6.skipped, 0);
  const base6 = { proto: 'udp', family: 6, recvQ: 0, sendQ: 0, uid: 65534 } as const;
  assert.deepEqual(udp6.rows, [
    {
      ...base6,
      localAddress: '::1',
      localPort: 37522,
      remoteAddress: '::',
      remotePort: 0,
      state: 'UNCONNECTED',
      inode: 7684,
    },
    {
      ...base6,
      localAddress: '::1',
      localPort: 39910,
      remoteAddress: '::1',
      remotePort: 37522,
      state: 'CONNECTED',
      inode: 7685,
    },
  ]);
});

test('rows carry no counter fields', () => {
  for (const row of parseProcNet(fixture('tcp'), 'tcp', 4).rows) {
    assert.deepEqual(Object.keys(row).sort(), [
      'family',
      'inode',
      'localAddress',
      'localPort',
      'proto',
      'recvQ',
      'remoteAddress',
      'remotePort',
      'sendQ',
      'state',
      'uid',
    ]);
  }
});

test('golden vectors: host-order words on a little-endian host', () => {
  assert.equal(decodeIpv4Hex('0100007F'), '127.0.0.1');
  assert.equal(decodeIpv4Hex('00000000'), '0.0.0.0');
  assert.equal(decodeIpv4Hex('FFFFFFFF'), '255.255.255.255');
  assert.equal(decodeIpv4Hex('0102A8C0'), '192.168.2.1');
  assert.equal(decodeIpv6Hex('00000000000000000000000001000000'), '::1');
  assert.equal(decodeIpv6Hex('0000000000000000FFFF00000100007F'), '::ffff:127.0.0.1');
  assert.equal(decodeIpv6Hex('B80D0120000000000000000001000000'), '2001:db8::1');
  assert.equal(decodeIpv6Hex('000080FE00000000FF5A02024E0202FE'), 'fe80::202:5aff:fe02:24e');

  const r4 = only(table4(row4({ local: '0100007F:D1C2', st: '01', remote: '0100007F:1F90' })));
  assert.equal(r4.localAddress, '127.0.0.1');
  assert.equal(r4.localPort, 53698);
  assert.equal(r4.remotePort, 8080);
  const text6 = [
    HEADER6,
    '   0: 00000000000000000000000001000000:AD4D 0000000000000000FFFF00000100007F:9E49 01 00000000:00000000 00:00000000 00000000  1000        0 77 1 0000000000000000 20 4 30 10 -1',
  ].join('\n');
  const r6 = only(text6, 'tcp', 6);
  assert.equal(r6.localAddress, '::1');
  assert.equal(r6.localPort, 44365);
  assert.equal(r6.remoteAddress, '::ffff:127.0.0.1');
  assert.equal(r6.remotePort, 40521);
});

test('big-endian hosts print the same addresses as other words', () => {
  assert.equal(decodeIpv4Hex('7F000001', false), '127.0.0.1');
  assert.equal(decodeIpv4Hex('C0A80201', false), '192.168.2.1');
  assert.equal(decodeIpv6Hex('00000000000000000000000000000001', false), '::1');
  assert.equal(decodeIpv6Hex('00000000000000000000FFFF7F000001', false), '::ffff:127.0.0.1');
  assert.equal(decodeIpv6Hex('20010DB8000000000000000000000001', false), '2001:db8::1');
  const rowText = [
    HEADER6,
    '   0: 20010DB8000000000000000000000001:0050 FE800000000000000000000000000002:C350 01 00000010:00000020 00:00000000 00000000  1000        0 99 1 0000000000000000 20 4 30 10 -1',
  ].join('\n');
  assert.deepEqual(parseProcNet(rowText, 'tcp', 6, false).rows, [
    {
      proto: 'tcp',
      family: 6,
      localAddress: '2001:db8::1',
      localPort: 80,
      remoteAddress: 'fe80::2',
      remotePort: 50000,
      state: 'ESTABLISHED',
      recvQ: 32,
      sendQ: 16,
      uid: 1000,
      inode: 99,
    },
  ]);
  const r4 = parseProcNet(table4(row4({ local: '7F000001:0016' })), 'tcp', 4, false).rows[0];
  assert.equal(r4?.localAddress, '127.0.0.1');
  assert.equal(r4?.localPort, 22);
});

test('the decoders refuse the wrong length or non-hex text', () => {
  for (const hex of ['', '0100007', '0100007F0', '0100007G', ' 100007F', '0100007F:']) {
    assert.equal(decodeIpv4Hex(hex), null, JSON.stringify(hex));
  }
  for (const hex of [
    '0000000000000000000000000100000',
    '000000000000000000000000010000000',
    'X'.repeat(32),
  ]) {
    assert.equal(decodeIpv6Hex(hex), null, JSON.stringify(hex));
  }
  assert.equal(decodeIpv4Hex('0100007f'), '127.0.0.1', 'lowercase hex is hex');
});

test('queues are hex, uid and inode decimal; inodes above 2^31 stay exact', () => {
  const row = only(
    table4(row4({ st: '01', queues: '0000FFFF:80000000', uid: '4294967294', inode: '4294967295' })),
  );
  assert.equal(row.sendQ, 0xffff);
  assert.equal(row.recvQ, 0x80000000);
  assert.equal(row.uid, 4294967294);
  assert.equal(row.inode, 4294967295);
  assert.equal(only(table4(row4({ inode: '2147483648' }))).inode, 2147483648);
  assert.equal(only(table4(row4({ inode: '9007199254740' }))).inode, 9007199254740);
});

test('every TCP state code, NEW_SYN_RECV as SYN_RECV', () => {
  const expected = [
    'ESTABLISHED',
    'SYN_SENT',
    'SYN_RECV',
    'FIN_WAIT1',
    'FIN_WAIT2',
    'TIME_WAIT',
    'CLOSE',
    'CLOSE_WAIT',
    'LAST_ACK',
    'LISTEN',
    'CLOSING',
    'SYN_RECV',
  ];
  const rows = expected.map((_, i) =>
    row4({ sl: `${i}:`, st: (i + 1).toString(16).toUpperCase().padStart(2, '0'), inode: `${100 + i}` }),
  );
  const result = parseProcNet(table4(...rows), 'tcp', 4);
  assert.equal(result.skipped, 0);
  assert.deepEqual(
    result.rows.map((r) => r.state),
    expected,
  );
});

test('UDP: 01 is CONNECTED, 07 and any other known code UNCONNECTED', () => {
  const text = table4(
    row4({ st: '01', inode: '1' }),
    row4({ st: '07', inode: '2' }),
    row4({ st: '0A', inode: '3' }),
  );
  assert.deepEqual(
    parseProcNet(text, 'udp', 4).rows.map((r) => r.state),
    ['CONNECTED', 'UNCONNECTED', 'UNCONNECTED'],
  );
});

test('malformed rows are skipped and counted, the good rows around them kept', () => {
  const bad = [
    '   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000', // too few fields
    '   1: 0100007F:1F90', // far too few
    'garbage',
    row4({ sl: '1' }), // sl without its colon
    row4({ sl: 'x1:' }),
    row4({ local: '0100007G:1F90' }), // bad hex in an address
    row4({ remote: '0000000Z:0000' }),
    row4({ local: '0100007F:1FZ0' }), // bad hex in a port
    row4({ local: '0100007F:' }), // empty port
    row4({ local: '0100007F1F90' }), // no port separator
    row4({ local: '100007F:1F90' }), // 7 hex digits
    row4({ local: '00100007F:1F90' }), // 9 hex digits
    row4({ local: '00000000000000000000000001000000:1F90' }), // IPv6 address in an IPv4 file
    row4({ local: '0100007F:10000' }), // port 65536
    row4({ remote: '0100007F:FFFFF' }),
    row4({ st: '00' }), // unknown states
    row4({ st: '0D' }),
    row4({ st: 'FF' }),
    row4({ st: '0G' }),
    row4({ st: '01X' }),
    row4({ queues: '00000000' }), // no rx_queue
    row4({ queues: '0000000X:00000000' }),
    row4({ queues: '00000000:00000000:1' }),
    row4({ uid: 'root' }), // non-numeric uid
    row4({ uid: '-1' }),
    row4({ uid: '1000x' }),
    row4({ uid: '4294967296' }), // above uint32
    row4({ inode: 'abc' }), // non-numeric inode
    row4({ inode: '12a' }),
    row4({ inode: '-5' }),
    row4({ inode: '18446744073709551615' }), // not a safe integer
  ];
  const good = (i: number) =>
    row4({ sl: `${i}:`, local: `0100007F:${(1000 + i).toString(16)}`, inode: `${i + 1}` });
  const lines: string[] = [];
  bad.forEach((line, i) => lines.push(good(i), line));
  lines.push(good(bad.length));
  const result = parseProcNet(table4(...lines), 'tcp', 4);
  assert.equal(result.skipped, bad.length);
  assert.equal(result.duplicates, 0);
  assert.deepEqual(
    result.rows.map((r) => r.localPort),
    Array.from({ length: bad.length + 1 }, (_, i) => 1000 + i),
  );
});

test('each malformed kind on its own is skipped, never thrown', () => {
  const noInode = '0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0';
  for (const line of ['0:', '0: 0100007F:1F90 00000000:0000', noInode, noInode + ' 12x']) {
    assert.doesNotThrow(() => parseProcNet(table4(line), 'tcp', 4));
    assert.equal(parseProcNet(table4(line), 'tcp', 4).skipped, 1, line);
  }
  // An IPv4 row in an IPv6 file.
  assert.equal(parseProcNet([HEADER6, row4({})].join('\n'), 'tcp', 6).skipped, 1);
});

test('blank lines and the header are not rows and not counted', () => {
  const text = ['', HEADER4, '', '   ', row4({}), '\t', row4({ sl: '1:', inode: '2' }), '', ''].join('\n');
  const result = parseProcNet(text, 'tcp', 4);
  assert.equal(result.rows.length, 2);
  assert.equal(result.skipped, 0);
  assert.deepEqual(parseProcNet('', 'tcp', 4), { rows: [], skipped: 0, duplicates: 0 });
  assert.deepEqual(parseProcNet(HEADER4, 'tcp', 4), { rows: [], skipped: 0, duplicates: 0 });
});

test('CRLF line ends, no final newline and trailing blanks are accepted', () => {
  const text = [HEADER4, row4({}) + '   ', row4({ sl: '1:', inode: '7' })].join('\r\n');
  const result = parseProcNet(text, 'tcp', 4);
  assert.equal(result.skipped, 0);
  assert.deepEqual(
    result.rows.map((r) => r.inode),
    [12345, 7],
  );
});

test('odd but valid widths parse the same as the kernel layout', () => {
  // Wider timer fields and timeout than the kernel's usual widths: the generic path.
  const odd =
    '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:1000000000 00000000 1000 123456789 42 1 0';
  assert.equal(only(table4(odd)).inode, 42);
  assert.equal(only(table4(odd)).uid, 1000);
  // Short fields, single spaces, lowercase hex.
  const terse = '0: 0100007f:1f90 0100007f:50 1 0:5 0:0 0 1000 0 43';
  assert.deepEqual(only(table4(terse)), {
    proto: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: 8080,
    remoteAddress: '127.0.0.1',
    remotePort: 80,
    state: 'ESTABLISHED',
    recvQ: 5,
    sendQ: 0,
    uid: 1000,
    inode: 43,
  });
});

test('a row read twice is dropped and counted; a socket that changed is kept', () => {
  const listener = row4({ inode: '500' });
  const timeWait = row4({ sl: '1:', local: '0100007F:A000', remote: '0100007F:1F90', st: '06', inode: '0' });
  const result = parseProcNet(
    table4(
      listener,
      timeWait,
      row4({ sl: '2:', local: '0100007F:A001', remote: '0100007F:1F90', st: '01', inode: '501' }),
      listener, // same socket again
      timeWait, // same TIME_WAIT again (inode 0: its endpoints name it)
      // The same endpoints in TIME_WAIT with another peer port: another socket.
      row4({ sl: '3:', local: '0100007F:A000', remote: '0100007F:1F91', st: '06', inode: '0' }),
      // Inode 501 seen with other endpoints (it connected between two reads): both rows stay.
      row4({ sl: '4:', local: '0100007F:A001', remote: '00000000:0000', st: '07', inode: '501' }),
      // ... and each of those two seen again is a duplicate.
      row4({ sl: '5:', local: '0100007F:A001', remote: '0100007F:1F90', st: '01', inode: '501' }),
      row4({ sl: '6:', local: '0100007F:A001', remote: '00000000:0000', st: '07', inode: '501' }),
      // Same endpoints as the listener but another inode (SO_REUSEPORT): another socket.
      row4({ inode: '502' }),
    ),
    'tcp',
    4,
  );
  assert.equal(result.duplicates, 4);
  assert.equal(result.skipped, 0);
  assert.deepEqual(
    result.rows.map((r) => `${r.localPort}>${r.remotePort}#${r.inode}`),
    ['8080>0#500', '40960>8080#0', '40961>8080#501', '40960>8081#0', '40961>0#501', '8080>0#502'],
  );
});

test('duplicates are found among many rows', () => {
  const rows = Array.from({ length: 5000 }, (_, i) =>
    row4({
      sl: `${i}:`,
      local: `0100007F:${(1024 + i).toString(16).toUpperCase()}`,
      remote: `${((i * 2654435761) >>> 0).toString(16).toUpperCase().padStart(8, '0')}:01BB`,
      st: i % 3 === 0 ? '06' : '01',
      inode: i % 3 === 0 ? '0' : `${3_000_000_000 + i}`,
    }),
  );
  const text = table4(...rows, ...rows.filter((_, i) => i % 7 === 0));
  const result = parseProcNet(text, 'tcp', 4);
  assert.equal(result.rows.length, 5000);
  assert.equal(result.duplicates, Math.ceil(5000 / 7));
  assert.equal(result.rows[4999]?.inode, 3_000_004_999);
});

test('RFC 5952 text for IPv6', () => {
  const cases: [number[], string][] = [
    [[0x2001, 0xdb8, 0, 0, 0, 0, 0, 1], '2001:db8::1'],
    [[0, 0, 0, 0, 0, 0, 0, 0], '::'],
    [[0, 0, 0, 0, 0, 0, 0, 1], '::1'],
    [[1, 0, 0, 0, 0, 0, 0, 0], '1::'],
    // Ties: the first longest run is compressed.
    [[0xfe80, 0, 0, 1, 0, 0, 0, 1], 'fe80:0:0:1::1'],
    [[0xfe80, 0, 0, 0, 1, 0, 0, 1], 'fe80::1:0:0:1'],
    [[0x2001, 0xdb8, 0, 0, 1, 0, 0, 1], '2001:db8::1:0:0:1'],
    // A single zero group is never compressed.
    [[0x2001, 0xdb8, 0, 1, 1, 1, 1, 1], '2001:db8:0:1:1:1:1:1'],
    [[0x2001, 0, 0x2, 0, 0x3, 0, 0x4, 0], '2001:0:2:0:3:0:4:0'],
    // Lowercase, no leading zeros.
    [[0x2001, 0x0db8, 0x00ab, 0x000c, 0xabcd, 0xef01, 0x0010, 0xffff], '2001:db8:ab:c:abcd:ef01:10:ffff'],
    // IPv4-mapped in dotted form; other embeddings stay hex.
    [[0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201], '::ffff:192.0.2.1'],
    [[0, 0, 0, 0, 0, 0xffff, 0, 0], '::ffff:0.0.0.0'],
    [[0, 0, 0, 0, 0, 0, 0xc000, 0x0201], '::c000:201'],
    [[0, 0, 0, 0, 0, 0xfffe, 0xc000, 0x0201], '::fffe:c000:201'],
    [[0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x0201], '64:ff9b::c000:201'],
  ];
  for (const [groups, text] of cases) assert.equal(formatIpv6(groups), text, text);
});

/** The /proc/net text of an address given as groups, as a host of that byte order prints it. */
function procHex6(groups: readonly number[], littleEndian: boolean): string {
  let hex = '';
  for (let w = 0; w < 4; w++) {
    const hi = groups[w * 2] as number;
    const lo = groups[w * 2 + 1] as number;
    const bytes = [hi >>> 8, hi & 0xff, lo >>> 8, lo & 0xff];
    if (littleEndian) bytes.reverse();
    hex += bytes.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('');
  }
  return hex;
}

const group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
const groups = fc.array(group, { minLength: 8, maxLength: 8 });

test('formatIpv6 agrees with the WHATWG URL serializer (RFC 5952 but for dotted IPv4-mapped)', () => {
  fc.assert(
    fc.property(groups, (g) => {
      const mapped = g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;
      const url = new URL(`http://[${g.map((x) => x.toString(16)).join(':')}]/`).hostname.slice(1, -1);
      const expected = mapped ? `::ffff:${g[6]! >>> 8}.${g[6]! & 0xff}.${g[7]! >>> 8}.${g[7]! & 0xff}` : url;
      assert.equal(formatIpv6(g), expected);
    }),
    { numRuns: 2000 },
  );
});

test('decodeIpv6Hex reads what either byte order prints', () => {
  fc.assert(
    fc.property(groups, fc.boolean(), (g, littleEndian) => {
      assert.equal(decodeIpv6Hex(procHex6(g, littleEndian), littleEndian), formatIpv6(g));
    }),
    { numRuns: 1000 },
  );
});

test('parsing is the same however rows repeat addresses (the address cache)', () => {
  // Many distinct addresses, each used several times and interleaved so that
  // cache slots are evicted and refilled.
  const addresses = Array.from({ length: 3000 }, (_, i) => [0x2001, 0xdb8, i >>> 4, 0, 0, 0, i & 0xf, i]);
  const lines = [HEADER6];
  for (let i = 0; i < 9000; i++) {
    const local = addresses[(i * 7) % 3000] as number[];
    const remote = addresses[(i * 13) % 3000] as number[];
    lines.push(
      `${i}: ${procHex6(local, true)}:0050 ${procHex6(remote, true)}:C350 01 00000000:00000000 00:00000000 00000000  1000        0 ${i + 1} 1 0`,
    );
  }
  const result = parseProcNet(lines.join('\n'), 'tcp', 6);
  assert.equal(result.rows.length, 9000);
  result.rows.forEach((row, i) => {
    assert.equal(row.localAddress, formatIpv6(addresses[(i * 7) % 3000] as number[]));
    assert.equal(row.remoteAddress, formatIpv6(addresses[(i * 13) % 3000] as number[]));
  });
});

test('any well-formed row parses to its fields, in the kernel layout or a looser one', () => {
  const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');
  const state = fc.integer({ min: 1, max: 12 });
  const word = fc.integer({ min: 0, max: 0xffffffff });
  const field = {
    sl: fc.nat({ max: 99999 }),
    local: fc.array(word, { minLength: 4, maxLength: 4 }),
    remote: fc.array(word, { minLength: 4, maxLength: 4 }),
    localPort: fc.integer({ min: 0, max: 0xffff }),
    remotePort: fc.integer({ min: 0, max: 0xffff }),
    st: state,
    sendQ: word,
    recvQ: word,
    uid: word,
    timeout: fc.integer({ min: -1, max: 1e9 }),
    inode: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 ** 40 })),
    family: fc.constantFrom(4 as const, 6 as const),
    kernelLayout: fc.boolean(),
    gap: fc.constantFrom(' ', '  ', '\t'),
  };
  fc.assert(
    fc.property(fc.record(field), (f) => {
      const words = f.family === 4 ? 1 : 4;
      const address = (w: number[]) =>
        w
          .slice(0, words)
          .map((x) => hex(x, 8))
          .join('');
      const line = f.kernelLayout
        ? `${String(f.sl).padStart(4)}: ${address(f.local)}:${hex(f.localPort, 4)} ${address(f.remote)}:${hex(f.remotePort, 4)} ${hex(f.st, 2)} ${hex(f.sendQ, 8)}:${hex(f.recvQ, 8)} 00:00000000 00000000 ${String(f.uid).padStart(5)} ${String(f.timeout).padStart(8)} ${f.inode} 1 0000000000000000 20 4 30 10 -1`
        : [
            `${f.sl}:`,
            `${address(f.local)}:${f.localPort.toString(16)}`,
            `${address(f.remote)}:${f.remotePort.toString(16)}`,
            f.st.toString(16),
            `${f.sendQ.toString(16)}:${f.recvQ.toString(16)}`,
            '0:0',
            '0',
            `${f.uid}`,
            `${f.timeout}`,
            `${f.inode}`,
          ].join(f.gap);
      const result = parseProcNet(`${line}\n`, 'tcp', f.family);
      assert.equal(result.skipped, 0, line);
      const row = result.rows[0];
      const decode = f.family === 4 ? decodeIpv4Hex : decodeIpv6Hex;
      assert.deepEqual(row, {
        proto: 'tcp',
        family: f.family,
        localAddress: decode(address(f.local)),
        localPort: f.localPort,
        remoteAddress: decode(address(f.remote)),
        remotePort: f.remotePort,
        state: row?.state,
        recvQ: f.recvQ,
        sendQ: f.sendQ,
        uid: f.uid,
        inode: f.inode,
      });
    }),
    { numRuns: 2000 },
  );
});
