import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { denyPermissions, guardContents, isHttpsUrl } from '../../../electron/desktop/security.js';
import { mainWindowOptions, secureWebPreferences } from '../../../electron/desktop/window-options.js';

/** A cancellable event as Electron passes it. */
function event() {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

/** A WebContents with the hooks guardContents sets. */
class GuardedStandIn extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
}

test('navigation, redirects and webview attachment are cancelled', () => {
  const contents = new GuardedStandIn();
  guardContents(contents, () => assert.fail('nothing opens externally here'));
  for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
    const e = event();
    contents.emit(name, e, 'https://example.com/');
    assert.equal(e.defaultPrevented, true, name);
  }
});

test('new windows are always denied; only https links go to the browser', () => {
  const contents = new GuardedStandIn();
  const opened: string[] = [];
  guardContents(contents, (url) => opened.push(url));
  const urls = [
    'https://github.com/sockscope',
    'http://example.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'app://sockscope/index.html',
    'smb://host/share',
    'not a url',
  ];
  for (const url of urls) assert.deepEqual(contents.openHandler?.({ url }), { action: 'deny' }, url);
  assert.deepEqual(opened, ['https://github.com/sockscope']);
  assert.equal(isHttpsUrl('HTTPS://EXAMPLE.COM'), true);
});

test('every permission request and check is denied', () => {
  let requestHandler: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | undefined;
  let checkHandler: ((c: unknown, p: string) => boolean) | undefined;
  denyPermissions({
    setPermissionRequestHandler: (handler) => (requestHandler = handler),
    setPermissionCheckHandler: (handler) => (checkHandler = handler),
  });
  for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
    const answers: boolean[] = [];
    requestHandler?.({}, permission, (granted) => answers.push(granted));
    assert.deepEqual(answers, [false], permission);
    assert.equal(checkHandler?.({}, permission), false, permission);
  }
});

test('the window is isolated, sandboxed, without Node, with web security on', () => {
  const prefs = secureWebPreferences('/app/dist/electron/preload.cjs');
  assert.equal(prefs.preload, '/app/dist/electron/preload.cjs');
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.nodeIntegrationInWorker, false);
  assert.equal(prefs.nodeIntegrationInSubFrames, false);
  assert.equal(prefs.webSecurity, true);
  assert.equal(prefs.allowRunningInsecureContent, false);
  assert.equal(prefs.webviewTag, false);

  const options = mainWindowOptions({ bounds: { x: 1, y: 2, width: 1000, height: 700 }, preload: '/p.cjs' });
  assert.deepEqual(
    { x: options.x, y: options.y, width: options.width, height: options.height, show: options.show },
    { x: 1, y: 2, width: 1000, height: 700, show: false },
  );
  assert.equal('icon' in options, false);
  assert.deepEqual(options.webPreferences, secureWebPreferences('/p.cjs'));
});
