import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  addressBytes,
  ipv4Bytes,
  ipv6Bytes,
} from '../../../../electron/collectors/linux/ip-address-bytes.js';
import { ipv4Text, ipv6Text } from '../../../../electron/collectors/linux/sock-diag-address-text.js';

const hex = (bytes: Uint8Array | null): string | null =>
  bytes === null ? null : Buffer.from(bytes).toString('hex');

test('IPv4 text to bytes, strictly', () => {
  assert.equal(hex(ipv4Bytes('127.0.0.1')), '7f000001');
  assert.equal(hex(ipv4Bytes('0.0.0.0')), '00000000');
  assert.equal(hex(ipv4Bytes('255.255.255.255')), 'ffffffff');
  for (const bad of [
    '256.0.0.1',
    '1.2.3',
    '1.2.3.4.5',
    '01.2.3.4',
    ' 1.2.3.4',
    '1.2.3.4 ',
    '1.2.3.-4',
    '1..3.4',
    '',
    'a.b.c.d',
  ]) {
    assert.equal(ipv4Bytes(bad), null, bad);
  }
});

test('IPv6 text to bytes: ::, IPv4 tails, IPv4-mapped', () => {
  assert.equal(hex(ipv6Bytes('::')), '0'.repeat(32));
  assert.equal(hex(ipv6Bytes('::1')), `${'0'.repeat(31)}1`);
  assert.equal(hex(ipv6Bytes('::ffff:127.0.0.1')), '00000000000000000000ffff7f000001');
  assert.equal(hex(ipv6Bytes('2001:DB8::1')), '20010db8000000000000000000000001');
  assert.equal(hex(ipv6Bytes('fe80::1:2:3:4:5:6')), 'fe800000000100020003000400050006');
  assert.equal(hex(ipv6Bytes('1:2:3:4:5:6:7:8')), '00010002000300040005000600070008');
  assert.equal(hex(ipv6Bytes('1:2:3:4:5:6:1.2.3.4')), '00010002000300040005000601020304');
  for (const bad of [
    ':::',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '1.2.3.4::',
    '1.2.3.4',
    '::1.2.3.256',
    '12345::',
    'g::1',
    ':1',
    '1:',
    'fe80::1%eth0',
    '::/0',
    '',
  ]) {
    assert.equal(ipv6Bytes(bad), null, bad);
  }
});

test('addressBytes: 4 bytes for family 4, 16 for family 6 (mapped addresses kept whole)', () => {
  assert.equal(addressBytes(4, '10.0.0.1')?.length, 4);
  assert.equal(addressBytes(4, '::ffff:10.0.0.1'), null);
  assert.equal(hex(addressBytes(6, '::ffff:10.0.0.1')), '00000000000000000000ffff0a000001');
  assert.equal(addressBytes(6, '10.0.0.1'), null);
});

test('bytes -> text (the collector formatters) -> bytes is the identity', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (bytes) => {
      assert.deepEqual(ipv4Bytes(ipv4Text(bytes, 0)), bytes);
    }),
  );
  // Runs of zero groups and IPv4-mapped prefixes are where the text gets clever.
  const group = fc.oneof(fc.constant(0), fc.constant(0xffff), fc.integer({ min: 0, max: 0xffff }));
  fc.assert(
    fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), fc.boolean(), (groups, mapped) => {
      if (mapped) groups.splice(0, 6, 0, 0, 0, 0, 0, 0xffff);
      const bytes = new Uint8Array(16);
      groups.forEach((value, i) => {
        bytes[i * 2] = value >>> 8;
        bytes[i * 2 + 1] = value & 0xff;
      });
      assert.deepEqual(ipv6Bytes(ipv6Text(bytes, 0)), bytes, ipv6Text(bytes, 0));
    }),
    { numRuns: 2000 },
  );
});
