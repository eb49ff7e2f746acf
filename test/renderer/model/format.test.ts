import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatBytes,
  formatClock,
  formatDateTime,
  formatRate,
  formatRtt,
  ownerLabel,
  protoLabel,
} from '../../../renderer/model/format.js';
import { SSHD } from './endpoint-fixture.js';

describe('formatBytes', () => {
  it('leaves absent and non-finite values blank', () => {
    assert.equal(formatBytes(undefined), '');
    assert.equal(formatBytes(NaN), '');
    assert.equal(formatBytes(Infinity), '');
  });

  it('writes whole bytes below 1 KiB', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1), '1 B');
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(12.6), '13 B');
  });

  it('uses binary units with one decimal below 100 and none above', () => {
    assert.equal(formatBytes(1024), '1.0 KiB');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(12.3 * 1024 * 1024), '12.3 MiB');
    assert.equal(formatBytes(250 * 1024 ** 3), '250 GiB');
    assert.equal(formatBytes(2 ** 50), '1.0 PiB');
  });

  it('rolls over to the next unit instead of showing 1024 of one', () => {
    assert.equal(formatBytes(1024 * 1024 - 1), '1.0 MiB');
    assert.equal(formatBytes(1023.4 * 1024), '1023 KiB');
  });

  it('keeps the sign of a negative value', () => {
    assert.equal(formatBytes(-1536), '-1.5 KiB');
  });
});

describe('formatRate', () => {
  it('is formatBytes per second, blank when absent', () => {
    assert.equal(formatRate(undefined), '');
    assert.equal(formatRate(0), '0 B/s');
    assert.equal(formatRate(830.2), '830 B/s');
    assert.equal(formatRate(1.2 * 1024 * 1024), '1.2 MiB/s');
  });
});

describe('formatRtt', () => {
  it('keeps about three significant digits', () => {
    assert.equal(formatRtt(undefined), '');
    assert.equal(formatRtt(0), '0 ms');
    assert.equal(formatRtt(0.123), '0.123 ms');
    assert.equal(formatRtt(0.0304), '0.030 ms');
    assert.equal(formatRtt(1.25), '1.25 ms');
    assert.equal(formatRtt(23.46), '23.5 ms');
    assert.equal(formatRtt(250.4), '250 ms');
    assert.equal(formatRtt(NaN), '');
  });
});

describe('formatClock and formatDateTime', () => {
  it('write local time, zero-padded and 24-hour', () => {
    const t = new Date(2024, 0, 5, 7, 8, 9, 500).getTime();
    assert.equal(formatClock(t), '07:08:09');
    assert.equal(formatDateTime(t), '2024-01-05 07:08:09');
    const evening = new Date(2023, 11, 31, 23, 59, 58).getTime();
    assert.equal(formatClock(evening), '23:59:58');
    assert.equal(formatDateTime(evening), '2023-12-31 23:59:58');
  });

  it('leave an invalid time blank instead of printing NaN', () => {
    assert.equal(formatClock(NaN), '');
    assert.equal(formatDateTime(Infinity), '');
    assert.equal(formatDateTime(1e20), '');
  });
});

describe('protoLabel', () => {
  it('names protocol and family as TCPView does', () => {
    assert.equal(protoLabel({ proto: 'tcp', family: 4 }), 'TCPv4');
    assert.equal(protoLabel({ proto: 'tcp', family: 6 }), 'TCPv6');
    assert.equal(protoLabel({ proto: 'udp', family: 4 }), 'UDPv4');
    assert.equal(protoLabel({ proto: 'udp', family: 6 }), 'UDPv6');
  });
});

describe('ownerLabel', () => {
  it('is the process name, or the reason an owner is unknown', () => {
    assert.equal(ownerLabel(SSHD), 'sshd');
    assert.equal(ownerLabel({ kind: 'unknown', reason: 'not-permitted' }), '[not permitted]');
    assert.equal(ownerLabel({ kind: 'unknown', reason: 'no-process' }), '[no process]');
    assert.equal(ownerLabel({ kind: 'unknown', reason: 'kernel' }), '[kernel]');
  });
});
