import { test } from 'node:test';
import assert from 'node:assert/strict';
import { urlWithoutToken } from '../../../renderer/transport/strip-token.js';

test('the token leaves the address; the rest stays', () => {
  assert.equal(urlWithoutToken('http://127.0.0.1:8080/?token=abcdef0123456789abcdef0123456789'), '/');
  assert.equal(urlWithoutToken('http://127.0.0.1:8080/view?a=1&token=ff&b=2#x'), '/view?a=1&b=2#x');
});

test('an address without a token needs no change', () => {
  assert.equal(urlWithoutToken('http://127.0.0.1:8080/'), null);
  assert.equal(urlWithoutToken('app://sockscope/index.html?tokens=1'), null);
});
