/**
 * Runs signalProcess once and prints {uid, result} as JSON: the signal test
 * starts it as an unprivileged user (setpriv) against a root-owned child.
 * Arguments: PID STARTTIME SIGNAL MODE, MODE `pidfd` (the native addon) or
 * `kill` (no addon: the kill(2) fallback).
 */
import { signalProcess } from '../../../electron/processes/signal-process.js';

const [pid, startTime, signal, mode] = process.argv.slice(2);
const result = signalProcess(
  { pid: Number(pid), startTime: Number(startTime) },
  signal === 'SIGKILL' ? 'SIGKILL' : 'SIGTERM',
  mode === 'kill' ? { addon: null } : {},
);
console.log(JSON.stringify({ uid: process.getuid?.(), result }));
