/**
 * The renderer's Content-Security-Policy: only the app's own scripts, styles
 * (inline styles too: AG Grid sets them), images and connections; no plugins,
 * no <base>, no framing, no form posts. Sent as a header with every file the
 * desktop app's protocol and `sockscope serve` answer with, so it holds even if
 * index.html lost its meta tag.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
