import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  acceptedHosts,
  acceptedOrigins,
  isLoopbackHost,
  urlHost,
} from '../../../electron/serve/accepted-hosts.js';

test('127.0.0.1: the address and localhost, with the port', () => {
  assert.deepEqual([...acceptedHosts('127.0.0.1', '127.0.0.1', 7007)].sort(), [
    '127.0.0.1:7007',
    'localhost:7007',
  ]);
});

test('::1: the bracketed address and localhost', () => {
  assert.deepEqual([...acceptedHosts('::1', '::1', 7007)].sort(), ['[::1]:7007', 'localhost:7007']);
});

test('localhost: the name and the address it bound', () => {
  assert.deepEqual([...acceptedHosts('localhost', '::1', 9000)].sort(), ['[::1]:9000', 'localhost:9000']);
});

test('a non-loopback address: only itself', () => {
  assert.deepEqual([...acceptedHosts('192.0.2.7', '192.0.2.7', 7007)], ['192.0.2.7:7007']);
});

test('a wildcard bind: the interface addresses, never the wildcard itself', () => {
  const hosts = acceptedHosts('0.0.0.0', '0.0.0.0', 7007);
  assert.ok(hosts.has('127.0.0.1:7007'), 'loopback is an interface');
  assert.ok(hosts.has('localhost:7007'));
  assert.ok(!hosts.has('0.0.0.0:7007'));
  assert.ok(
    [...hosts].every((h) => !h.startsWith('[')),
    '0.0.0.0 is IPv4 only',
  );
});

test('port 80: Host and Origin leave the port out', () => {
  const hosts = acceptedHosts('127.0.0.1', '127.0.0.1', 80);
  assert.ok(hosts.has('127.0.0.1') && hosts.has('127.0.0.1:80'));
});

test('origins are http:// plus each accepted host', () => {
  assert.deepEqual([...acceptedOrigins(acceptedHosts('::1', '::1', 5))].sort(), [
    'http://[::1]:5',
    'http://localhost:5',
  ]);
});

test('urlHost and isLoopbackHost', () => {
  assert.equal(urlHost('0.0.0.0'), '127.0.0.1');
  assert.equal(urlHost('::'), '[::1]');
  assert.equal(urlHost('::1'), '[::1]');
  assert.equal(urlHost('127.0.0.1'), '127.0.0.1');
  for (const h of ['127.0.0.1', '127.1.2.3', '::1', 'localhost', 'LocalHost', '::ffff:127.0.0.1']) {
    assert.equal(isLoopbackHost(h), true, h);
  }
  for (const h of ['0.0.0.0', '::', '192.0.2.1', '128.0.0.1', 'localhost.evil.com', '127.0.0.1.evil.com']) {
    assert.equal(isLoopbackHost(h), false, h);
  }
});
