/**
 * Resolves the inodes given as arguments once and prints {uid, owners, stats} as
 * JSON: the access test runs it as an unprivileged user.
 */
import { OwnerResolver } from '../../../electron/processes/owner-resolver.js';

const inodes = process.argv.slice(2).map(Number);
const { ownerOf, stats } = new OwnerResolver().resolve(inodes);
const owners = Object.fromEntries(inodes.map((inode) => [inode, ownerOf(inode)]));
console.log(JSON.stringify({ uid: process.getuid?.(), owners, stats }));
