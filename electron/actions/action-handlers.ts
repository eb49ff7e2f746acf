/**
 * What MonitorService delegates the `kill` and `closeConnection` requests
 * to, and the answers when a main side offers no actions at all (serve
 * without --allow-kill): the server refuses those messages itself, whatever
 * the view shows.
 */
import type {
  CloseConnectionOutcome,
  CloseConnectionRequest,
  KillOutcome,
  KillRequest,
} from '../../shared/actions.js';

/** The services behind the action requests; arguments arrive validated by validateRequest. */
export interface ActionHandlers {
  kill(request: KillRequest): Promise<KillOutcome>;
  closeConnection(request: CloseConnectionRequest): Promise<CloseConnectionOutcome>;
}

const NOT_OFFERED = 'this Sockscope does not offer actions on processes or connections';

/** The refusal of a kill on a main side that does not allow kills. */
export function killNotAllowed(request: KillRequest, reason = NOT_OFFERED): KillOutcome {
  return { kind: 'refused', pid: request.pid, refusal: 'not-allowed', message: reason };
}

/** The refusal of a close on a main side that does not allow it. */
export function closeNotAllowed(
  request: CloseConnectionRequest,
  reason = NOT_OFFERED,
): CloseConnectionOutcome {
  return { kind: 'refused', key: request.key, refusal: 'not-allowed', message: reason };
}
