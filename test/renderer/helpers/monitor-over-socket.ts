import { Monitor } from '../../../electron/monitor/monitor.js';
import { MonitorService } from '../../../electron/monitor/monitor-service.js';
import type { OwnedSocketRow } from '../../../shared/endpoint.js';
import type { EventMap, EventName } from '../../../shared/protocol.js';
import { scriptedCollector } from '../../helpers/scripted-collector.js';
import { FrameServer } from './frame-server.js';
import { noActions } from '../../../shared/actions.js';

/**
 * The real main side (Monitor + MonitorService over a scripted collector)
 * behind a real WebSocket server speaking serve mode's frames. `drop` lets a
 * test lose events on the way, as a broken link would.
 */
export async function monitorOverSocket(reads: OwnedSocketRow[][]) {
  const collector = scriptedCollector(reads);
  const monitor = new Monitor(collector);
  const service = new MonitorService(monitor, collector.info, {
    name: 'sockscope',
    version: '0.0.0-test',
    mode: 'serve',
    versions: { node: process.versions.node },
    platform: process.platform,
    elevated: false,
    actions: noActions('test'),
  });
  const server = await FrameServer.start(async (frame) => service.handle(frame.method, frame.args));
  const drop = { next: 0 };
  service.subscribe(<K extends EventName>(name: K, payload: EventMap[K]) => {
    if (name === 'delta' && drop.next > 0) {
      drop.next--;
      return;
    }
    server.push(name, payload);
  });
  return {
    monitor,
    service,
    server,
    /** Loses the next `n` delta events. */
    dropDeltas(n: number) {
      drop.next += n;
    },
    async close() {
      service.close();
      monitor.stop();
      await server.close();
    },
  };
}

/** A TCP row as a collector reads it, listening unless a peer port is given. */
export function tcpRow(
  port: number,
  peerPort = 0,
  state: OwnedSocketRow['state'] = 'LISTEN',
): OwnedSocketRow {
  return {
    proto: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: port,
    remoteAddress: peerPort === 0 ? '0.0.0.0' : '127.0.0.1',
    remotePort: peerPort,
    state,
    recvQ: 0,
    sendQ: 0,
    uid: 1000,
    inode: port + peerPort,
    bytesSent: port,
    owner: { kind: 'unknown', reason: 'no-process' },
  };
}
