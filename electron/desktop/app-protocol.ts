/**
 * The `app://sockscope/` protocol the window loads its UI from: the built
 * renderer (dist/renderer) and nothing else. A custom standard, secure scheme
 * gives the page a real origin (unlike file://, which shares one with every
 * local file), so the CSP's 'self' and the IPC sender check mean something.
 */
import { readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { contentTypeOf } from '../serve/static-files.js';
import { CONTENT_SECURITY_POLICY } from '../content-security-policy.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'sockscope';
/** The page the window opens. */
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** For protocol.registerSchemesAsPrivileged, before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

/** Whether `url` is a page of the app's own origin (app://sockscope). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    // Node's URL gives non-special schemes an opaque origin ("null"): compare the parts.
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** A file to serve, or why not (an HTTP status and a message). */
export type AppFile = { path: string; contentType: string } | { status: 400 | 403 | 404; reason: string };

/**
 * The file under `root` (an absolute path) that `url` names. Only
 * app://sockscope/ is served, `/` is index.html, and a path that is not plain
 * segments under `root` (`..`, `.`, empty segments, backslashes, NUL, bad
 * percent-encoding) is refused before the file system is asked.
 */
export function resolveAppFile(root: string, url: string): AppFile {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { status: 400, reason: 'not a URL' };
  }
  if (!isAppUrl(url)) return { status: 403, reason: `only ${APP_SCHEME}://${APP_HOST}/ is served` };
  const rawSegments = (parsed.pathname === '/' ? '/index.html' : parsed.pathname).slice(1).split('/');
  const segments: string[] = [];
  for (const raw of rawSegments) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { status: 400, reason: 'bad percent-encoding' };
    }
    // Decoded, a segment may hold a '/' ('%2F') or name a parent: both would leave the folder asked for.
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) {
      return { status: 403, reason: 'the path leaves the app folder' };
    }
    segments.push(segment);
  }
  const path = join(root, ...segments);
  if (!path.startsWith(root.endsWith(sep) ? root : root + sep)) {
    return { status: 403, reason: 'the path leaves the app folder' };
  }
  return { path, contentType: contentTypeOf(path) };
}

/** The protocol.handle handler serving `root` (dist/renderer), every answer with the CSP header. */
export function appProtocolHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const file = resolveAppFile(root, request.url);
    if ('status' in file) return textResponse(file.status, file.reason);
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'only GET and HEAD');
    let body: Buffer;
    try {
      body = await readFile(file.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A directory, or a file that is not there: the UI has no other routes.
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return textResponse(404, 'not found');
      return textResponse(500, `cannot read the file: ${code ?? (error as Error).message}`);
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': file.contentType },
    });
  };
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
} as const;

function textResponse(status: number, text: string): Response {
  return new Response(`${text}\n`, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
