/**
 * The renderer's fences beyond its web preferences: it may not navigate away,
 * open windows, attach <webview>s, or get any permission (camera, geolocation,
 * notifications, clipboard reads...). A network viewer needs none of them.
 */

/** The parts of a session the permission fences use. */
export interface PermissionSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
}

/** Denies every permission request and check in `session`. */
export function denyPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** An event whose default action can be cancelled, as Electron passes them. */
interface Preventable {
  preventDefault(): void;
}

/** The parts of a WebContents the navigation fences use. */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (event: Preventable) => void): unknown;
  on(event: 'will-redirect', listener: (event: Preventable) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Fences one WebContents (call it from app's 'web-contents-created' so every
 * one is covered). Navigation and redirects of the page are refused (the UI
 * is one page; a reload is not a navigation); new windows are refused, but an
 * https link is handed to the user's browser through `openExternal` (a
 * link in the UI, e.g. to the project's page, should still work); webviews
 * are never attached.
 */
export function guardContents(contents: GuardedContents, openExternal: (url: string) => void): void {
  const refuse = (event: Preventable): void => event.preventDefault();
  contents.on('will-navigate', refuse);
  contents.on('will-redirect', refuse);
  contents.on('will-attach-webview', refuse);
  contents.setWindowOpenHandler(({ url }) => {
    if (isHttpsUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
}

/** Whether `url` is an https URL: the only kind handed to the user's browser. */
export function isHttpsUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}
