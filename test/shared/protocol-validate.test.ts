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
    'kill',
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
  refuses('kill', [], /^unknown request "kill"$/);
  refuses('x'.repeat(100), [], /^unknown request "x{40}…"$/);
  refuses(42, [], /^unknown request \(a number, not a name\)$/);
  refuses(null, [], /^unknown request \(none given\)$/);
  refuses('__proto__', [], /^unknown request "__proto__"$/);
});
