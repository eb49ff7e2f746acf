import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endianness } from 'node:os';
import {
  SockDiagDecoder,
  type NetlinkSocketRow,
} from '../../../../electron/collectors/linux/sock-diag-decoder.js';
import { SockDiagRowCache } from '../../../../electron/collectors/linux/sock-diag-row-cache.js';
import { datagrams } from '../../../helpers/sock-diag-fixtures.js';

// A socket read again unchanged is its previous row object; a changed one is a
// new row; a socket gone is forgotten. Row objects not handed back are listed as gone. Shown on a recorded 301-socket dump.

const skip = endianness() !== 'LE' && 'the fixtures were recorded on a little-endian host';
const MULTIPART = 'tcp4-301-sockets-multipart';
const SEQ = 201;
const RECV_Q = 16 + 56; // inet_diag_msg.idiag_rqueue, after the netlink header

function read(cache: SockDiagRowCache, input: Uint8Array[]): NetlinkSocketRow[] {
  const rows: NetlinkSocketRow[] = [];
  cache.begin();
  const decoder = new SockDiagDecoder(SEQ, 'tcp', rows, cache);
  for (const datagram of input) decoder.push(datagram, datagram.length);
  cache.end();
  assert.equal(decoder.done, true);
  return rows;
}

test('an unchanged socket is its previous row object, a changed one a new row', { skip }, () => {
  const cache = new SockDiagRowCache();
  const first = read(cache, datagrams(MULTIPART));
  assert.equal(first.length, 301);
  assert.equal(cache.size, 301);
  const again = read(cache, datagrams(MULTIPART));
  assert.equal(again.length, 301);
  assert.ok(
    again.every((row, i) => row === first[i]),
    'every row is the same object',
  );

  const edited = datagrams(MULTIPART);
  const view = new DataView(edited[0]!.buffer);
  view.setUint32(RECV_Q, view.getUint32(RECV_Q, true) + 5, true);
  const changed = read(cache, edited);
  assert.notEqual(changed[0], first[0], 'the socket whose Recv-Q moved is a new row');
  assert.equal(changed[0]!.recvQ, first[0]!.recvQ + 5);
  assert.equal(changed[0]!.cookie, first[0]!.cookie);
  assert.ok(
    changed.slice(1).every((row, i) => row === first[i + 1]),
    'the others are the same objects',
  );
  assert.deepEqual(cache.gone, [first[0]], 'the replaced row object is gone');
  assert.equal(read(cache, edited)[0], changed[0], 'the new row is the one kept');
  assert.deepEqual(cache.gone, []);
});

test('sockets missing from a read are forgotten', { skip }, () => {
  const cache = new SockDiagRowCache();
  const all = datagrams(MULTIPART);
  const first = read(cache, all);
  const some = read(cache, [all[0]!, all.at(-1)!]); // the first datagram, then NLMSG_DONE
  assert.ok(some.length > 0 && some.length < 301);
  assert.equal(cache.size, some.length);
  // Their rows are the read's gone rows: what the monitor removes without walking its table.
  assert.deepEqual(cache.gone, first.slice(some.length));
});
