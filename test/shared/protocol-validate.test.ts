import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProtocolError, isRequestName, validateRequest } from '../../shared/protocol-validate.js';
import { REQUEST_NAMES } from '../../shared/protocol.js';

const refuses = (name: unknown, args: unknown, message: RegExp) =>
  assert.throws(
    () => validateRequest(name, args),
    (error: Error) => error instanceof ProtocolError && message.test(error.message),
    `${String(name)} ${JSON.stringify(args)}`,
  );

test('every request of the contract is a request name; nothing else is', () => {
  for (const name of REQUEST_NAMES) assert.equal(isRequestName(name), true, name);
  for (const name of [
    '',
    'Snapshot',
    'killAll',
    'constructor',
    '__proto__',
    'toString',
    1,
    null,
    undefined,
    {},
  ]) {
    assert.equal(isRequestName(name), false, String(name));
  }
});

test('requests without arguments take an empty array and nothing else', () => {
  for (const name of ['snapshot', 'pause', 'resume', 'refresh', 'info'] as const) {
    assert.deepEqual(validateRequest(name, []), []);
    refuses(name, [1], new RegExp(`^${name}: takes no arguments, got 1$`));
    refuses(name, [undefined], /takes no arguments, got 1/);
    refuses(name, undefined, new RegExp(`^${name}: arguments must be an array$`));
    refuses(name, { length: 0 }, /arguments must be an array/);
    refuses(name, 'x', /arguments must be an array/);
  }
});

test('setInterval takes one number of milliseconds in range', () => {
  assert.deepEqual(validateRequest('setInterval', [500]), [500]);
  assert.deepEqual(validateRequest('setInterval', [100]), [100]);
  assert.deepEqual(validateRequest('setInterval', [60_000]), [60_000]);
  const range = /from 100 to 60000/;
  refuses('setInterval', ['fast'], /^setInterval: poll interval must be .*from 100 to 60000, got "fast"$/);
  refuses('setInterval', ['1000'], range);
  refuses('setInterval', [5], /got 5$/);
  refuses('setInterval', [99.9], range);
  refuses('setInterval', [60_001], range);
  refuses('setInterval', [null], /got null$/);
  refuses('setInterval', [Number.NaN], /got NaN$/);
  refuses('setInterval', [Infinity], /got Infinity$/);
  refuses('setInterval', [[1000]], /got an array$/);
  refuses('setInterval', [{ valueOf: () => 1000 }], /got an object$/);
  refuses('setInterval', [], /^setInterval: takes one argument \(milliseconds\), got 0$/);
  refuses('setInterval', [1000, 1], /takes one argument \(milliseconds\), got 2/);
  refuses('setInterval', ['x'.repeat(5000)], /got "x{40}…"$/);
});

test('unknown requests are named, briefly, in the error', () => {
  refuses('killAll', [], /^unknown request "killAll"$/);
  refuses('x'.repeat(100), [], /^unknown request "x{40}…"$/);
  refuses(42, [], /^unknown request \(a number, not a name\)$/);
  refuses(null, [], /^unknown request \(none given\)$/);
  refuses('__proto__', [], /^unknown request "__proto__"$/);
});

const KILL = { pid: 1234, startTime: 5678, signal: 'SIGTERM', asAdministrator: false };

test('kill takes one request: a pid from 1, a start time, SIGTERM or SIGKILL, and asAdministrator', () => {
  assert.deepEqual(validateRequest('kill', [KILL]), [KILL]);
  const forced = { pid: 1, startTime: 0, signal: 'SIGKILL', asAdministrator: true };
  assert.deepEqual(validateRequest('kill', [forced]), [forced]);
  refuses('kill', [], /^kill: takes one argument \(an object\), got 0$/);
  refuses('kill', [KILL, KILL], /got 2$/);
  for (const bad of [null, 1234, '1234', [KILL]])
    refuses('kill', [bad], /^kill: the argument must be an object$/);
  for (const pid of [0, -1, 1.5, '1234', '1; id', null, undefined, Number.NaN, 2 ** 53, '0x10']) {
    refuses('kill', [{ ...KILL, pid }], /^kill: pid must be a whole number of at least 1$/);
  }
  for (const startTime of [-1, 0.5, '5678', null, undefined, Infinity]) {
    refuses('kill', [{ ...KILL, startTime }], /^kill: startTime must be a whole number of at least 0$/);
  }
  for (const signal of ['SIGSTOP', 'sigterm', 15, 9, '', undefined, 'SIGTERM; id']) {
    refuses('kill', [{ ...KILL, signal }], /^kill: signal must be one of SIGTERM, SIGKILL$/);
  }
  for (const asAdministrator of ['true', 1, null, undefined]) {
    refuses('kill', [{ ...KILL, asAdministrator }], /^kill: asAdministrator must be a boolean$/);
  }
  refuses('kill', [{ ...KILL, uid: 0 }], /^kill: unexpected field "uid"$/);
});

test('closeConnection takes one request: a row key, its inode and, optionally, its cookie', () => {
  const request = { key: 'tcp4 127.0.0.1:1>127.0.0.1:2', inode: 99, cookie: '00000000000000a1' };
  assert.deepEqual(validateRequest('closeConnection', [request]), [request]);
  assert.deepEqual(validateRequest('closeConnection', [{ key: 'k', inode: 0 }]), [{ key: 'k', inode: 0 }]);
  refuses('closeConnection', [], /^closeConnection: takes one argument \(an object\), got 0$/);
  for (const key of ['', 'x'.repeat(513), 5, null, undefined]) {
    refuses(
      'closeConnection',
      [{ ...request, key }],
      /^closeConnection: key must be a row key \(1 to 512 characters\)$/,
    );
  }
  for (const inode of [-1, 1.5, '99', null, undefined]) {
    refuses(
      'closeConnection',
      [{ ...request, inode }],
      /^closeConnection: inode must be a whole number of at least 0$/,
    );
  }
  for (const cookie of ['A1', '00000000000000A1', '0x000000000000a1', 161, null, '00000000000000a1 ']) {
    refuses(
      'closeConnection',
      [{ ...request, cookie }],
      /^closeConnection: cookie must be 16 lowercase hex digits$/,
    );
  }
  refuses('closeConnection', [{ ...request, pid: 1 }], /^closeConnection: unexpected field "pid"$/);
});
