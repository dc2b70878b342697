/**
 * Calls a handler the way Lambda would: the payload and result cross as JSON, and a thrown
 * error reaches Step Functions as Error = errorType, Cause = the JSON Lambda reports
 * (`{ errorType, errorMessage, trace }`), so the ASL's Catch and retry Pass see the same
 * shapes locally as on AWS.
 */
export function asLambda<I, O>(handler: (input: I) => Promise<O>): (input: unknown) => Promise<unknown> {
  return async (input: unknown) => {
    const payload = JSON.parse(JSON.stringify(input ?? null)) as I;
    try {
      const result = await handler(payload);
      return result === undefined ? null : (JSON.parse(JSON.stringify(result)) as unknown);
    } catch (error) {
      throw toLambdaError(error);
    }
  };
}

export function toLambdaError(error: unknown): Error {
  const e = error instanceof Error ? error : new Error(String(error));
  const cause = JSON.stringify({
    errorType: e.name,
    errorMessage: e.message,
    trace: (e.stack ?? '').split('\n'),
  });
  const out = new Error(cause);
  out.name = e.name;
  return out;
}
