/**
 * inode -> the processes known to hold a descriptor for that socket. Most sockets
 * have one holder; a forked server's listening socket has many.
 */

interface Entry<T> {
  // One holder is stored bare, several as an array: no array per ordinary socket.
  held: T | T[];
  /** Last poll that asked for this socket; 0 if none did (a unix socket, say). */
  askedPoll: number;
}

/** Which known processes hold which socket, and when each socket was last asked for. */
export class SocketHolders<T extends object> {
  private readonly map = new Map<number, Entry<T>>();

  /** The holder to display: the earliest one still known to hold the socket, so the owner stays stable. */
  ownerOf(inode: number): T | undefined {
    const held = this.map.get(inode)?.held;
    return Array.isArray(held) ? held[0] : held;
  }

  /** True when some known process holds `inode`. */
  has(inode: number): boolean {
    return this.map.has(inode);
  }

  /** Records that `holder` holds `inode` (after the holders already known). */
  add(inode: number, holder: T): void {
    const entry = this.map.get(inode);
    if (entry === undefined) this.map.set(inode, { held: holder, askedPoll: 0 });
    else if (Array.isArray(entry.held)) {
      if (!entry.held.includes(holder)) entry.held.push(holder);
    } else if (entry.held !== holder) entry.held = [entry.held, holder];
  }

  /** Records that `holder` no longer holds `inode`; the next holder, if any, becomes the owner. */
  remove(inode: number, holder: T): void {
    const entry = this.map.get(inode);
    if (entry === undefined) return;
    const held = entry.held;
    if (held === holder) this.map.delete(inode);
    else if (Array.isArray(held)) {
      const at = held.indexOf(holder);
      if (at < 0) return;
      held.splice(at, 1);
      if (held.length === 1) entry.held = held[0] as T;
    }
  }

  /** Notes that poll `poll` asks for `inode`, and returns its owner (as ownerOf); undefined when none is known. */
  askedHolder(inode: number, poll: number): T | undefined {
    const entry = this.map.get(inode);
    if (entry === undefined) return undefined;
    entry.askedPoll = poll;
    const held = entry.held;
    return Array.isArray(held) ? held[0] : held;
  }

  /** Notes that poll `poll` asks for `inode`; false when no holder of it is known. */
  markAsked(inode: number, poll: number): boolean {
    const entry = this.map.get(inode);
    if (entry === undefined) return false;
    entry.askedPoll = poll;
    return true;
  }

  /**
   * Forgets every socket that an earlier poll asked for and poll `poll` did not:
   * it has closed (TIME_WAIT sockets have no inode). Calls `closed` for each holder.
   * Sockets never asked for (not TCP or UDP) stay.
   */
  sweepClosed(poll: number, closed: (inode: number, holder: T) => void): void {
    for (const [inode, entry] of this.map) {
      if (entry.askedPoll === 0 || entry.askedPoll === poll) continue;
      this.map.delete(inode);
      if (Array.isArray(entry.held)) for (const holder of entry.held) closed(inode, holder);
      else closed(inode, entry.held);
    }
  }

  /** Number of sockets with a known holder. */
  get size(): number {
    return this.map.size;
  }
}
