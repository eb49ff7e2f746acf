import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rootRefusal } from '../../../electron/desktop/root-check.js';

test('an ordinary user may start the app, on every platform', () => {
  assert.equal(rootRefusal({ uid: 1000, platform: 'linux' }), null);
  assert.equal(rootRefusal({ uid: 501, platform: 'darwin' }), null);
  assert.equal(rootRefusal({ uid: undefined, platform: 'win32' }), null);
});

test('root on Linux and macOS is refused, with what to run instead and what is lost unprivileged', () => {
  for (const platform of ['linux', 'darwin'] as const) {
    const refusal = rootRefusal({ uid: 0, platform });
    assert.ok(refusal, platform);
    assert.equal(refusal.title, 'Sockscope does not run as root');
    assert.match(refusal.message, /as your normal user, without sudo/);
    assert.match(refusal.message, /sandbox/);
    assert.match(refusal.message, /cannot name the owning process of other users' sockets/);
    assert.match(refusal.message, /sudo sockscope serve/);
    assert.match(refusal.message, /sudo sockscope snapshot/);
    assert.doesNotMatch(refusal.message, /--no-sandbox/);
  }
});

test('under sudo the advice names the user who ran it', () => {
  const refusal = rootRefusal({ uid: 0, platform: 'linux', sudoUser: 'alice' });
  assert.match(refusal?.message ?? '', /Start it again as alice, without sudo/);
  assert.match(
    rootRefusal({ uid: 0, platform: 'linux', sudoUser: '' })?.message ?? '',
    /as your normal user/,
  );
});
