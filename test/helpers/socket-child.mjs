// A child process that opens loopback sockets on command, for tests that need
// sockets owned by a process other than the test runner. It reads one JSON
// command per line on stdin and answers one JSON line on stdout.
import net from 'node:net';
import dgram from 'node:dgram';
import readline from 'node:readline';

process.title = process.argv[2] ?? 'sockscope-kid';
const handles = new Map();
let nextId = 1;

function keep(handle) {
  const id = nextId++;
  handles.set(id, handle);
  return id;
}

const commands = {
  async listen({ host }) {
    // Accepted sockets read and drop what arrives, so a sender is never held up by a full window.
    const server = net.createServer((socket) => {
      socket.on('error', () => {});
      socket.resume();
      keep(socket);
    });
    await new Promise((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
    return { id: keep(server), port: server.address().port };
  },
  async connect({ host, port }) {
    const socket = net.connect(port, host);
    await new Promise((resolve, reject) => socket.once('error', reject).once('connect', resolve));
    socket.on('error', () => {});
    return { id: keep(socket), localPort: socket.localPort };
  },
  // Closes a TCP socket first (this side goes to TIME_WAIT once the peer closes too).
  async end({ id }) {
    const socket = handles.get(id);
    socket.end();
    handles.delete(id);
    return {};
  },
  async closeAccepted() {
    for (const [id, handle] of handles) {
      if (handle instanceof net.Socket && handle.server) {
        handle.end();
        handles.delete(id);
      }
    }
    return {};
  },
  // Sends `bytesPerSecond` on socket `id` until stopped, paced by the clock (not by
  // timer ticks), so the average rate is exact whatever the timer jitter.
  async stream({ id, bytesPerSecond, tickMs = 10 }) {
    const socket = handles.get(id);
    const start = performance.now();
    let sent = 0;
    const timer = setInterval(() => {
      const due = Math.floor(((performance.now() - start) / 1000) * bytesPerSecond);
      if (due > sent) socket.write(Buffer.alloc(due - sent));
      sent = due;
    }, tickMs);
    return { id: keep({ close: () => clearInterval(timer) }) };
  },
  async stop({ id }) {
    handles.get(id).close();
    handles.delete(id);
    return {};
  },
  async udpBind({ host, type }) {
    const socket = dgram.createSocket(type);
    await new Promise((resolve, reject) => socket.once('error', reject).bind(0, host, resolve));
    return { id: keep(socket), port: socket.address().port };
  },
  async udpConnect({ host, type, port }) {
    const socket = dgram.createSocket(type);
    await new Promise((resolve, reject) => socket.once('error', reject).connect(port, host, resolve));
    return { id: keep(socket), localPort: socket.address().port };
  },
};

readline.createInterface({ input: process.stdin }).on('line', async (line) => {
  const request = JSON.parse(line);
  try {
    const reply = await commands[request.cmd](request);
    process.stdout.write(JSON.stringify({ seq: request.seq, ok: true, ...reply }) + '\n');
  } catch (error) {
    process.stdout.write(JSON.stringify({ seq: request.seq, ok: false, error: String(error) }) + '\n');
  }
});
process.stdin.on('end', () => process.exit(0));
process.stdout.write(JSON.stringify({ ready: true, pid: process.pid }) + '\n');
