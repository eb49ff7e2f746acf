import { loadNativeAddon } from '../../../../electron/collectors/linux/native-addon.js';

/**
 * Fails a test that needs the netlink collector when the native addon did not
 * load, with the reason. The suite builds the addon (`npm ci` runs
 * build:native), so its absence is a failure to see, not a reason to skip.
 */
export function requireNetlink(): void {
  const native = loadNativeAddon();
  if (native.addon === null) {
    throw new Error(`the netlink collector needs the native addon: ${native.reason}`);
  }
}
