/**
 * Probes SOCK_DESTROY and tries to close one socket, then prints {uid, probe,
 * result} as JSON: the close-connection test runs it as an unprivileged user
 * (setpriv) against a connection root owns. Argument: the SocketId as JSON.
 */
import {
  destroySocket,
  probeSockDestroy,
  type SocketId,
} from '../../../../electron/collectors/linux/sock-destroy.js';

const id = JSON.parse(process.argv[2] ?? '{}') as SocketId;
const probe = probeSockDestroy();
const result = destroySocket(id);
console.log(JSON.stringify({ uid: process.getuid?.(), probe, result }));
