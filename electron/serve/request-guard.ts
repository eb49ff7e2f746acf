import type { IncomingMessage } from 'node:http';
import { cookieValues, tokenMatches } from './access-token.js';

/** What a request must show to be let in. */
export interface AccessPolicy {
  token: string;
  /** The cookie that carries the token (tokenCookieName of the bound port). */
  cookie: string;
  /** Accepted Host header values, lower case (see accepted-hosts.ts). */
  hosts: ReadonlySet<string>;
  /** Accepted Origin values for a WebSocket upgrade. */
  origins: ReadonlySet<string>;
}

/** A request let in, with its parsed URL; `setCookie` when the token came in the URL. */
export type Admitted = { ok: true; url: URL; setCookie: boolean };
/** A request refused, with the status to answer and a reason safe to show. */
export type Refused = { ok: false; status: 400 | 401 | 403; reason: string };

/**
 * Checks one HTTP request or WebSocket upgrade, in this order: a path-form
 * target, the exact Host (DNS rebinding), for an upgrade the exact Origin
 * (cross-site WebSocket: browsers send it, and a missing one is refused too),
 * then the token from `?token=` or the cookie. Nothing is served, and no
 * upgrade is made, before this says ok.
 */
export function checkRequest(
  req: IncomingMessage,
  policy: AccessPolicy,
  upgrade: boolean,
): Admitted | Refused {
  const target = req.url ?? '';
  // An absolute-form target (GET http://other/ HTTP/1.1) would name a host other than Host's.
  if (!target.startsWith('/')) return { ok: false, status: 400, reason: 'the request target must be a path' };
  const host = req.headers.host;
  if (host === undefined || !policy.hosts.has(host.toLowerCase())) {
    return { ok: false, status: 403, reason: 'this server does not answer to that Host' };
  }
  if (upgrade) {
    const origin = req.headers.origin;
    if (origin === undefined || !policy.origins.has(origin.toLowerCase())) {
      return { ok: false, status: 403, reason: 'a WebSocket must come from a page this server served' };
    }
  }
  let url: URL;
  try {
    // Appended, not resolved: a target like //other/x stays a path.
    url = new URL(`http://sockscope.invalid${target}`);
  } catch {
    return { ok: false, status: 400, reason: 'the request target is not a valid URL' };
  }
  const fromQuery = url.searchParams.get('token') ?? undefined;
  if (tokenMatches(fromQuery, policy.token)) return { ok: true, url, setCookie: true };
  const fromCookie = cookieValues(req.headers.cookie, policy.cookie);
  // Check every value so the time taken does not depend on which one matched.
  let cookieOk = false;
  for (const value of fromCookie) cookieOk = tokenMatches(value, policy.token) || cookieOk;
  if (cookieOk) return { ok: true, url, setCookie: false };
  return {
    ok: false,
    status: 401,
    reason: 'open the URL that `sockscope serve` printed: it holds the access token',
  };
}
