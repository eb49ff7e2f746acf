// A process for the row-action tests to act on: it listens on 127.0.0.1:0,
// connects to itself (so it owns a LISTEN row and an ESTABLISHED pair), and
// reports on stdout, one JSON line each, what happens to it: the signal it
// gets and what its sockets see. On SIGTERM it says so, resets its
// connections (no TIME_WAIT rows left behind) and exits 0: a cooperative
// process. Started with "ignore-term" it reports SIGTERM and carries on, as
// a hung process would. It never handles SIGKILL (nothing can).
import net from 'node:net';

process.title = process.argv[2] ?? 'sockscope-target';
const ignoreTerm = process.argv[3] === 'ignore-term';
const say = (message) => process.stdout.write(JSON.stringify(message) + '\n');

/** Reports what happens to a socket: errors (an aborted connection) and its close. */
function watch(socket, which) {
  socket.on('error', (error) => say({ socket: which, event: 'error', code: error.code ?? String(error) }));
  socket.on('close', (hadError) => say({ socket: which, event: 'close', hadError }));
  // Reading, so an error on the connection surfaces at once.
  socket.resume();
}

const accepted = new Promise((resolve) => {
  const server = net.createServer((socket) => {
    watch(socket, 'server');
    resolve(socket);
  });
  server.listen(0, '127.0.0.1', () => {
    const listenPort = server.address().port;
    const client = net.connect(listenPort, '127.0.0.1', async () => {
      watch(client, 'client');
      const serverSide = await accepted;
      process.on('SIGTERM', () => {
        say({ signal: 'SIGTERM' });
        if (ignoreTerm) return;
        client.resetAndDestroy();
        serverSide.resetAndDestroy();
        server.close();
        setTimeout(() => process.exit(0), 50);
      });
      say({ ready: true, pid: process.pid, listenPort, clientPort: client.localPort });
    });
  });
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
