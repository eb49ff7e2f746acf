/**
 * Whether "Retry as administrator" can run here, and how: pkexec and the
 * kill helper must both exist. Decided once at start; the reason becomes
 * ActionsInfo.elevate's tooltip and the message of a refused retry.
 */
import type { ActionAvailability } from '../../shared/actions.js';
import { findPkexec, killHelperPath } from '../processes/kill-helper-path.js';
import { pkexecRunner, type HelperRunner } from './kill-helper-run.js';

/** Elevation as the kill service uses it. */
export type KillElevation =
  { available: true; helper: string; run: HelperRunner } | { available: false; reason: string };

export interface KillElevationOptions {
  /** Where pkexec is; default findPkexec(). */
  findPkexec?: () => string | null;
  /** Where the helper is; default killHelperPath(). */
  killHelperPath?: () => string | null;
  /** Runs the helper; default through pkexec. Tests run it directly. */
  runner?: HelperRunner;
}

/** Finds pkexec and the helper; unavailable with the reason when either is missing. */
export function killElevation(options: KillElevationOptions = {}): KillElevation {
  const pkexec = (options.findPkexec ?? findPkexec)();
  if (pkexec === null) {
    return {
      available: false,
      reason:
        'pkexec is not installed: install polkit (the pkexec package) to kill processes of other users, ' +
        'or run Sockscope as their user',
    };
  }
  const helper = (options.killHelperPath ?? killHelperPath)();
  if (helper === null) {
    return {
      available: false,
      reason: 'the administrator kill helper is missing from this installation (reinstall Sockscope)',
    };
  }
  return { available: true, helper, run: options.runner ?? pkexecRunner(pkexec) };
}

/** Elevation that can never run, for `reason` (serve mode: no desktop to ask for a password on). */
export function noElevation(reason: string): KillElevation {
  return { available: false, reason };
}

/** The ActionsInfo.elevate entry for an elevation. */
export function elevationAvailability(elevation: KillElevation): ActionAvailability {
  return elevation.available ? { available: true } : { available: false, reason: elevation.reason };
}
