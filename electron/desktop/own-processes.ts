/**
 * Sockscope's own processes in the desktop app: the main process and every
 * process Electron started for it (renderer, GPU, utility, zygote). The kill
 * service refuses them; the list is read at each request, as helpers come
 * and go.
 */

/** The part of Electron's `app` that lists its processes. */
export interface AppMetricsSource {
  getAppMetrics(): readonly { pid: number }[];
}

/** A function returning the pids of this app's processes, main included. */
export function appProcessIds(app: AppMetricsSource): () => number[] {
  return () => [process.pid, ...app.getAppMetrics().map((metric) => metric.pid)];
}
