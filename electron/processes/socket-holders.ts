/**
 * inode -> the processes known to hold a descriptor for that socket. Most sockets
 * have one holder; a forked server's listening socket has many.
 */
export class SocketHolders<T extends object> {
  // One holder is stored bare, several as an array: no array per ordinary socket.
  private readonly map = new Map<number, T | T[]>();

  /** The holder to display: the earliest one still known to hold the socket, so the owner stays stable. */
  ownerOf(inode: number): T | undefined {
    const held = this.map.get(inode);
    return Array.isArray(held) ? held[0] : held;
  }

  /** True when some known process holds `inode`. */
  has(inode: number): boolean {
    return this.map.has(inode);
  }

  /** Records that `holder` holds `inode` (after the holders already known). */
  add(inode: number, holder: T): void {
    const held = this.map.get(inode);
    if (held === undefined) this.map.set(inode, holder);
    else if (Array.isArray(held)) {
      if (!held.includes(holder)) held.push(holder);
    } else if (held !== holder) this.map.set(inode, [held, holder]);
  }

  /** Records that `holder` no longer holds `inode`; the next holder, if any, becomes the owner. */
  remove(inode: number, holder: T): void {
    const held = this.map.get(inode);
    if (held === holder) this.map.delete(inode);
    else if (Array.isArray(held)) {
      const at = held.indexOf(holder);
      if (at < 0) return;
      held.splice(at, 1);
      if (held.length === 1) this.map.set(inode, held[0] as T);
    }
  }

  /** Number of sockets with a known holder. */
  get size(): number {
    return this.map.size;
  }
}
