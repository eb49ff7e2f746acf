import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The cookie that carries the token after the first request that had it in
 * the URL. Named for the port: browsers keep cookies per host, not per port,
 * so two servers on 127.0.0.1 (two SSH tunnels, say) would otherwise
 * overwrite each other's, and a reload of the first page would be refused.
 */
export function tokenCookieName(port: number): string {
  return `sockscope_token_${port}`;
}

/** A per-launch secret: 32 random bytes (256 bits) as 64 hex characters. */
export function newToken(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Whether `candidate` is the token, in constant time. Both sides are hashed
 * first, so timingSafeEqual always compares two equal-length digests: a
 * candidate of another length is refused in the same time as a wrong one of
 * the right length, and the time says nothing about the token's length.
 */
export function tokenMatches(candidate: string | undefined, token: string): boolean {
  if (candidate === undefined) return false;
  const expected = createHash('sha256').update(token, 'utf8').digest();
  const given = createHash('sha256').update(candidate, 'utf8').digest();
  return timingSafeEqual(expected, given);
}

/** The Set-Cookie value that lets the page's later requests (assets, the WebSocket) in. */
export function tokenCookie(name: string, token: string): string {
  return `${name}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/**
 * Every value of cookie `name` in a Cookie header (a browser may send two
 * with the same name, e.g. set by two paths); none when the header is absent.
 */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (header === undefined) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) values.push(part.slice(eq + 1).trim());
  }
  return values;
}
