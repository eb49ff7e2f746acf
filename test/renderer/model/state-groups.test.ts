import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENDPOINT_STATES, type EndpointState } from '../../../shared/endpoint.js';
import {
  isClosing,
  isEstablished,
  isListening,
  isUnconnected,
} from '../../../renderer/model/state-groups.js';

/** The states of `proto` for which `test` holds, with the given remote port. */
function statesWhere(test: typeof isListening, proto: 'tcp' | 'udp', remotePort: number): EndpointState[] {
  return ENDPOINT_STATES.filter((state) => test({ proto, state, remotePort }));
}

describe('state groups', () => {
  it('put each TCP state in at most one of listening, established and closing', () => {
    for (const state of ENDPOINT_STATES) {
      const groups = [isListening, isEstablished, isClosing].filter((t) =>
        t({ proto: 'tcp', state, remotePort: 1 }),
      );
      assert.ok(groups.length <= 1, `${state} is in ${groups.length} groups`);
    }
  });

  it('name the groups as ss and netstat do', () => {
    assert.deepEqual(statesWhere(isListening, 'tcp', 0), ['LISTEN', 'UNCONNECTED']);
    assert.deepEqual(statesWhere(isEstablished, 'tcp', 1), ['ESTABLISHED', 'CONNECTED']);
    assert.deepEqual(statesWhere(isClosing, 'tcp', 1), [
      'FIN_WAIT1',
      'FIN_WAIT2',
      'TIME_WAIT',
      'CLOSE',
      'CLOSE_WAIT',
      'LAST_ACK',
      'CLOSING',
    ]);
  });

  it('count as unconnected only endpoints without a peer', () => {
    assert.deepEqual(statesWhere(isUnconnected, 'tcp', 0), ['CLOSE', 'LISTEN', 'UNCONNECTED']);
    assert.deepEqual(statesWhere(isUnconnected, 'tcp', 443), ['LISTEN', 'UNCONNECTED']);
    assert.deepEqual(statesWhere(isUnconnected, 'udp', 0), ['LISTEN', 'UNCONNECTED']);
  });
});
