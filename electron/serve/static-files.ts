import { readFile, realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { SECURITY_HEADERS, sendText } from './http-replies.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** The Content-Type of a file, by its extension; unknown ones are opaque bytes (and nosniff holds them so). */
export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Serves one file of the built renderer: GET and HEAD only (no side effects
 * on the HTTP side), `/` is index.html, no directory listings, and the path
 * must stay under `root` both as written and after symlinks are followed.
 * Unknown paths are 404 (the UI has no client-side routes).
 * `root` must already be a real path (see checkRendererDir).
 */
export async function serveStatic(
  method: string,
  url: URL,
  res: ServerResponse,
  root: string,
  headers: Record<string, string>,
): Promise<void> {
  if (method !== 'GET' && method !== 'HEAD') {
    sendText(res, 405, 'only GET and HEAD: this server serves files', { ...headers, Allow: 'GET, HEAD' });
    return;
  }
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    sendText(res, 400, 'the path is not valid percent-encoding', headers);
    return;
  }
  if (path.includes('\0') || path.includes('\\')) {
    sendText(res, 400, 'the path holds a character no file of this server has', headers);
    return;
  }
  const file = await findFile(root, path === '/' ? '/index.html' : path);
  if (file === undefined) {
    sendText(res, 404, 'not found', headers);
    return;
  }
  const body = await readFile(file);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': contentTypeOf(file),
    'Content-Length': String(body.length),
    // The page is never cached (each launch has a new token); hashed assets may be, but revalidated.
    'Cache-Control': file.endsWith(`${sep}index.html`) ? 'no-store' : 'no-cache',
    ...headers,
  });
  res.end(method === 'HEAD' ? undefined : body);
}

/** The real path of a regular file under `root` named by `path`, or undefined. */
async function findFile(root: string, path: string): Promise<string | undefined> {
  const inside = (p: string): boolean => p.startsWith(root + sep);
  // A trailing slash names a directory: never listed.
  if (path.endsWith('/')) return undefined;
  const candidate = resolve(root, `.${path}`);
  if (!inside(candidate)) return undefined;
  try {
    const real = await realpath(candidate);
    if (!inside(real)) return undefined;
    return (await stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}
