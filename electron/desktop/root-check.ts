/**
 * Whether the desktop app may start as this user. Chromium's sandbox does not
 * run as root, and the only way around that is `--no-sandbox`, which would put
 * a web renderer with root's rights one bug away from the whole machine; so a
 * root launch is refused with an explanation instead of silently unsandboxed.
 * The privileged reading that root buys belongs to the command line, which
 * has no renderer: `sudo sockscope serve` or `sudo sockscope snapshot`.
 */

/** The facts the decision needs, passed in so the decision can be tested. */
export interface LaunchUser {
  /** process.getuid(); undefined where there is none (Windows). */
  uid: number | undefined;
  platform: NodeJS.Platform;
  /** $SUDO_USER: the user who ran sudo, named in the advice when set. */
  sudoUser?: string | undefined;
}

/** Why the app will not start, for a dialog (title) and stderr (both). */
export interface RootRefusal {
  title: string;
  message: string;
}

/** The refusal for a root launch, or null when the app may start. */
export function rootRefusal(user: LaunchUser): RootRefusal | null {
  // Windows has no uid; an elevated Windows session still sandboxes its renderers.
  if (user.platform === 'win32' || user.uid !== 0) return null;
  const who =
    user.sudoUser !== undefined && user.sudoUser !== '' ? `as ${user.sudoUser}` : 'as your normal user';
  return {
    title: 'Sockscope does not run as root',
    message: [
      'The Sockscope window was started as root. Chromium, which draws the window, refuses to sandbox',
      'itself as root, and Sockscope will not turn the sandbox off: a web view with root rights is too',
      'dangerous.',
      '',
      `Start it again ${who}, without sudo. Unprivileged, Sockscope still lists every TCP and UDP`,
      "socket on the machine, but it cannot name the owning process of other users' sockets: those",
      'rows show "owner unknown: not permitted".',
      '',
      'To see every owner, run the command line as root instead (it has no window to sandbox):',
      '  sudo sockscope serve      then open the URL it prints in your browser (an SSH tunnel works too)',
      '  sudo sockscope snapshot   every endpoint once, as netstat -tunap prints it',
    ].join('\n'),
  };
}
