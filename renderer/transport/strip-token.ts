/**
 * Serve mode's page is opened as /?token=…; the server has set its cookie by
 * the time the page runs, so the token leaves the address bar (and the
 * history, bookmarks and screen shares) at once: main.tsx replaces the
 * history entry with this address.
 */

/** `href` without its `token` query parameter, or null when it has none. */
export function urlWithoutToken(href: string): string | null {
  const url = new URL(href);
  if (!url.searchParams.has('token')) return null;
  url.searchParams.delete('token');
  return `${url.pathname}${url.search}${url.hash}`;
}
