/**
 * Socket errors that mean "the server at this endpoint is gone", as Node reports them once the
 * SDK's own retries are spent: refused (nothing listens any more), reset or broken pipe (the
 * server closed the connection while closing down).
 */
const CONNECTION_FAILURE_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE']);

/**
 * Whether `error` says the local store's server stopped answering, rather than that it answered
 * with an error (a DynamoDB exception has no socket `code`).
 *
 * @example
 * try { await client.send(command); } catch (error) { if (isConnectionFailure(error)) await reattach(); }
 */
export function isConnectionFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && CONNECTION_FAILURE_CODES.has(code);
}
