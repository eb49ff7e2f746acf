import type { OwnedSocketRow, SocketRow, UnknownOwner } from '../../../shared/endpoint.js';
import type { OwnerResolver, ResolverStats } from '../../processes/owner-resolver.js';

/** Shared by every socket without an inode: no process holds a file for it. */
const KERNEL_HELD: UnknownOwner = Object.freeze({ kind: 'unknown', reason: 'kernel' });

/**
 * Gives every row its owner, in place, and returns the rows as owned rows.
 * The collectors' rows are fresh objects made this poll: a copy per row per
 * poll is measurable at 50,000 sockets. Every live inode goes to the resolver
 * each poll, as it requires.
 */
export function attachOwners<Row extends SocketRow>(
  resolver: OwnerResolver,
  rows: Row[],
): { rows: (Row & OwnedSocketRow)[]; stats: ResolverStats } {
  const inodes: number[] = [];
  for (const row of rows) if (row.inode !== 0) inodes.push(row.inode);
  const owners = resolver.resolve(inodes);
  const owned = rows as (Row & OwnedSocketRow)[];
  for (const row of owned) row.owner = row.inode === 0 ? KERNEL_HELD : owners.ownerOf(row.inode);
  return { rows: owned, stats: owners.stats };
}
