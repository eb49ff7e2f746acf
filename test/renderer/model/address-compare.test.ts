import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compareAddresses } from '../../../renderer/model/address-compare.js';

/** Sorts a copy with compareAddresses. */
function sorted(addresses: readonly string[]): string[] {
  return [...addresses].sort(compareAddresses);
}

/** The 128-bit value of eight groups, the reference the comparator must agree with. */
function value128(groups: readonly number[]): bigint {
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** The full uncompressed form: eight groups of hex. */
function fullForm(groups: readonly number[]): string {
  return groups.map((g) => g.toString(16)).join(':');
}

/** Node's own canonical text for an IPv6 address (RFC 5952 compression, lower case). */
function canonical(address: string): string {
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

describe('compareAddresses', () => {
  it('orders IPv4 by value, not as text', () => {
    assert.deepEqual(sorted(['10.0.0.10', '10.0.0.9', '9.255.255.255', '192.168.1.1', '0.0.0.0']), [
      '0.0.0.0',
      '9.255.255.255',
      '10.0.0.9',
      '10.0.0.10',
      '192.168.1.1',
    ]);
    assert.ok(compareAddresses('255.255.255.255', '255.255.255.254') > 0);
  });

  it('puts every IPv4 address before every IPv6 address', () => {
    assert.ok(compareAddresses('255.255.255.255', '::') < 0);
    assert.ok(compareAddresses('::', '0.0.0.0') > 0);
    assert.ok(compareAddresses('::ffff:1.2.3.4', '1.2.3.4') > 0);
  });

  it('orders IPv6 by its 128-bit value across compressed forms', () => {
    assert.deepEqual(sorted(['fe80::1', '::1', '2001:db8::10', '::', '2001:db8::9', '::ffff:10.0.0.1']), [
      '::',
      '::1',
      '::ffff:10.0.0.1',
      '2001:db8::9',
      '2001:db8::10',
      'fe80::1',
    ]);
    assert.ok(compareAddresses('1::', '::ffff:ffff:ffff:ffff:ffff:ffff:ffff') > 0);
    assert.ok(compareAddresses('2001:DB8::1', '2001:db8::2') < 0);
  });

  it('reads an IPv4-mapped address as its IPv6 value', () => {
    // ::ffff:1.2.3.4 is ::ffff:102:304, between ::ffff:102:303 and ::ffff:102:305.
    assert.ok(compareAddresses('::ffff:1.2.3.4', '::ffff:102:303') > 0);
    assert.ok(compareAddresses('::ffff:1.2.3.4', '::ffff:102:305') < 0);
    assert.ok(compareAddresses('::ffff:1.2.3.4', '::ffff:1.2.3.10') < 0);
    assert.ok(compareAddresses('::ffff:9.0.0.0', '::ffff:10.0.0.0') < 0);
  });

  it('ignores zone ids and brackets for the value', () => {
    assert.ok(compareAddresses('fe80::1%eth0', 'fe80::2') < 0);
    assert.ok(compareAddresses('fe80::2%eth0', 'fe80::1%wlan0') > 0);
    assert.ok(compareAddresses('[::1]', '::2') < 0);
  });

  it('orders equal values by text, so a sort is deterministic', () => {
    assert.ok(compareAddresses('::1', '0:0::1') !== 0);
    assert.equal(Math.sign(compareAddresses('::1', '0:0::1')), -Math.sign(compareAddresses('0:0::1', '::1')));
    assert.equal(compareAddresses('fe80::1', 'fe80::1'), 0);
    // Same value in a zone: still next to each other, before the next value.
    assert.deepEqual(sorted(['fe80::2', 'fe80::1%wlan0', 'fe80::1%eth0']), [
      'fe80::1%eth0',
      'fe80::1%wlan0',
      'fe80::2',
    ]);
  });

  it('sorts text that is not an address last, by string', () => {
    const bad = ['*', 'localhost', '1.2.3', '256.0.0.1', '1:2:3:4:5:6:7:8:9', ':::', 'g::1', '1::2::3', ''];
    const result = sorted(['::1', ...bad, '127.0.0.1']);
    assert.deepEqual(result.slice(0, 2), ['127.0.0.1', '::1']);
    assert.deepEqual(result.slice(2), [...bad].sort());
  });

  it('accepts every legal placement of :: and of a trailing dotted quad', () => {
    for (const address of [
      '1:2:3:4:5:6:7::',
      '::2:3:4:5:6:7:8',
      '1::8',
      '1:2:3:4:5:6:1.2.3.4',
      '::1.2.3.4',
    ]) {
      assert.ok(compareAddresses(address, '255.255.255.255') > 0, `${address} is IPv6`);
      assert.ok(compareAddresses(address, 'zzz') < 0, `${address} is an address`);
    }
    assert.ok(compareAddresses('1:2:3:4:5:6:7:1.2.3.4', 'ffff::') > 0, 'nine groups is not an address');
  });

  it('agrees with the 128-bit value on random addresses in any written form', () => {
    const group = fc.oneof(fc.constant(0), fc.constant(0xffff), fc.integer({ min: 0, max: 0xffff }));
    const groups = fc.array(group, { minLength: 8, maxLength: 8 });
    fc.assert(
      fc.property(groups, groups, fc.boolean(), fc.boolean(), (a, b, compressA, compressB) => {
        const textA = compressA ? canonical(fullForm(a)) : fullForm(a);
        const textB = compressB ? canonical(fullForm(b)) : fullForm(b);
        const va = value128(a);
        const vb = value128(b);
        const result = compareAddresses(textA, textB);
        if (va < vb) assert.ok(result < 0, `${textA} < ${textB}`);
        else if (va > vb) assert.ok(result > 0, `${textA} > ${textB}`);
        else assert.equal(Math.sign(result), textA === textB ? 0 : textA < textB ? -1 : 1);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with the 32-bit value on random IPv4 addresses', () => {
    const v4 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
    const text = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
    fc.assert(
      fc.property(v4, v4, (a, b) => {
        assert.equal(Math.sign(compareAddresses(text(a), text(b))), Math.sign(a - b));
      }),
      { numRuns: 2000 },
    );
  });

  it('is a total order: antisymmetric and transitive over any mix of inputs', () => {
    const address = fc.oneof(
      fc.ipV4(),
      fc.ipV6(),
      fc.ipV4().map((v4) => `::ffff:${v4}`),
      fc.ipV6().map((v6) => `${v6}%eth${v6.length % 3}`),
      fc.constantFrom('::', '::1', '0::1', '0.0.0.0', '*', ''),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(address, address, address, (a, b, c) => {
        const ab = Math.sign(compareAddresses(a, b));
        assert.equal(ab, -Math.sign(compareAddresses(b, a)) || 0);
        assert.equal(ab === 0, a === b);
        if (ab <= 0 && compareAddresses(b, c) <= 0) assert.ok(compareAddresses(a, c) <= 0);
      }),
      { numRuns: 5000 },
    );
  });
});
