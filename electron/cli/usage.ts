/** The help text of `sockscope`. */
export const USAGE = `Usage: sockscope <command> [options]

Every TCP and UDP endpoint on this machine with its owning process.

Commands:
  snapshot [options]    print every endpoint once, like netstat -tunap; with
                        Sent and Recv byte columns where the collector reads
                        counters (else a note on stderr says why not)
    -t, --tcp             TCP only
    -u, --udp             UDP only
    -l, --listening       listening (and unconnected UDP) endpoints only
    -a, --all             all endpoints (the default)
    -n, --numeric         numeric addresses and ports (the default)
    -p, --programs        accepted for netstat habits; owners are always shown
    -4, --ipv4            IPv4 only
    -6, --ipv6            IPv6 only
        --json            the full snapshot as one JSON document, with every
                          counter and socket cookie read (no rates: one poll
                          has no earlier one to compare with)

  watch [options]       follow changes, one line per poll
        --json            one JSON line per poll: a full snapshot, then deltas
                          of the fields that changed (byte rates from poll 2)
        --interval MS     poll interval in milliseconds (default 1000, 100-60000)
        --count K         stop after K polls

  serve [options]       the live table in a browser: serves the web UI and a
                        WebSocket on loopback, and prints the URL to open (it
                        holds a per-launch access token) as its first line
        --host ADDR       address to listen on (default 127.0.0.1; anything
                          but loopback is reachable by others: a warning says so)
        --port N          port (default 7007; 0 picks a free one)
        --allow-kill      allow the actions from the browser: kill a row's
                          process, close a TCP connection (off by default: the
                          server then refuses them)

  help                  this text

Environment:
  SOCKSCOPE_COLLECTOR=proc   force the socket source
  SOCKSCOPE_NATIVE=0         do not load the native addon (TypeScript fallback)
  SOCKSCOPE_RENDERER_DIR=DIR serve the web UI from DIR (default: the build's
                             dist/renderer/)

Examples:
  sockscope snapshot -tl          listening TCP sockets and their programs
  sockscope snapshot --json | jq '.rows[] | select(.state == "ESTABLISHED")'
  sockscope watch --json --count 5
  sockscope serve --port 0        the UI on a free port: open the printed URL
  ssh -L 7007:127.0.0.1:7007 srv  on a desktop, to open \`sockscope serve\` run on srv
`;

/** A bad command line: the message is printed with the usage and exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
