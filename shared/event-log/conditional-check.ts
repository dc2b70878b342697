/**
 * Whether a conditional write failed because its condition was false (not a transport or
 * throttling error): the one outcome callers of a conditional write turn into a return value.
 */
export function isConditionalCheckFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
