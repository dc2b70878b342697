/**
 * The message of anything thrown: an Error's message, a string as is, else its JSON or String form.
 *
 * @example
 * errorMessage(new Error('boom')); // 'boom'
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
