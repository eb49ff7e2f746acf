import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

/**
 * The Host header values serve mode answers to, lower case: exactly the bound
 * host and port, plus `localhost:PORT` on loopback (a browser never lets a
 * web page rename localhost, so it cannot be a rebinding target). A page
 * served from any other name (a DNS-rebinding attacker's, say) is refused.
 *
 * `boundAddress` is the address the socket really got (for `--host localhost`
 * it is 127.0.0.1 or ::1). On a wildcard bind (0.0.0.0, ::) every address of
 * this machine's interfaces is accepted: those are the names a client can use.
 */
export function acceptedHosts(host: string, boundAddress: string, port: number): Set<string> {
  const names = new Set<string>([host.toLowerCase(), boundAddress.toLowerCase()]);
  if (isLoopbackHost(host) || isWildcardHost(host)) names.add('localhost');
  if (isWildcardHost(host)) {
    for (const address of interfaceAddresses(host === '0.0.0.0' ? 4 : 0)) names.add(address.toLowerCase());
  }
  const hosts = new Set<string>();
  for (const name of names) {
    if (isWildcardHost(name)) continue;
    const bracketed = isIP(name) === 6 ? `[${name}]` : name;
    hosts.add(`${bracketed}:${port}`);
    // Browsers leave the default port out of Host and Origin.
    if (port === 80) hosts.add(bracketed);
  }
  return hosts;
}

/** The Origin values a WebSocket upgrade may carry: a page served by this server. */
export function acceptedOrigins(hosts: ReadonlySet<string>): Set<string> {
  return new Set([...hosts].map((host) => `http://${host}`));
}

/** The host of the URL to print: a wildcard bind is opened through loopback. */
export function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return isIP(host) === 6 ? `[${host}]` : host;
}

/** Whether `host` only ever reaches this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(h);
}

/** Whether binding `host` listens on every interface. */
export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

function interfaceAddresses(family: 4 | 0): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) {
      // Link-local v6 addresses need a zone id, which Host headers cannot carry.
      if (family === 4 && entry.family !== 'IPv4') continue;
      if (entry.family === 'IPv6' && entry.scopeid !== undefined && entry.scopeid !== 0) continue;
      out.push(entry.address);
    }
  }
  return out;
}
