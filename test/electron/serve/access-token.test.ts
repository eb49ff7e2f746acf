import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cookieValues,
  newToken,
  tokenCookie,
  tokenCookieName,
  tokenMatches,
} from '../../../electron/serve/access-token.js';

test('newToken: 32 random bytes as 64 hex characters, new each time', () => {
  const tokens = new Set(Array.from({ length: 100 }, () => newToken()));
  assert.equal(tokens.size, 100);
  for (const token of tokens) assert.match(token, /^[0-9a-f]{64}$/);
});

test('tokenMatches: only the exact token', () => {
  const token = newToken();
  assert.equal(tokenMatches(token, token), true);
  assert.equal(tokenMatches(`${token}`.slice(0), token), true);
  const refused = [
    undefined,
    '',
    token.slice(0, -1),
    `${token}0`,
    token.toUpperCase(),
    (token[0] === 'f' ? '0' : 'f') + token.slice(1),
    token.slice(0, -1) + (token.at(-1) === 'f' ? '0' : 'f'),
    `${token} `,
    'x'.repeat(10_000),
  ];
  for (const candidate of refused) assert.equal(tokenMatches(candidate, token), false, String(candidate));
});

test('tokenCookie: HttpOnly, SameSite=Strict, the whole site, named for the port', () => {
  assert.equal(tokenCookieName(7007), 'sockscope_token_7007');
  assert.equal(
    tokenCookie(tokenCookieName(7007), 'ab12'),
    'sockscope_token_7007=ab12; HttpOnly; SameSite=Strict; Path=/',
  );
});

test('cookieValues: every value of one name, nothing for others', () => {
  assert.deepEqual(cookieValues(undefined, 'sockscope_token'), []);
  assert.deepEqual(cookieValues('', 'sockscope_token'), []);
  assert.deepEqual(cookieValues('a=1; sockscope_token=abc ; b=2', 'sockscope_token'), ['abc']);
  assert.deepEqual(cookieValues('sockscope_token=x;sockscope_token=y', 'sockscope_token'), ['x', 'y']);
  assert.deepEqual(cookieValues('xsockscope_token=1; sockscope_tokenx=2; junk', 'sockscope_token'), []);
  assert.deepEqual(cookieValues('sockscope_token=a=b', 'sockscope_token'), ['a=b']);
});
