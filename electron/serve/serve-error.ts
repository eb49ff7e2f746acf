/** A reason serve mode cannot start that the user can act on: printed without a stack, exit code 1. */
export class ServeError extends Error {
  override name = 'ServeError';
}
