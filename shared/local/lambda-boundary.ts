import { lambdaErrorReport } from '../errors/lambda-error-report.js';

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

/**
 * The error Step Functions sees when a handler throws: Error = errorType, Cause = Lambda's
 * report as JSON. The report is shortened to fit the Cause's 32,768 characters (head first,
 * with a marker), as on AWS, so a huge message never turns into a cut, unparseable Cause.
 */
export function toLambdaError(error: unknown): Error {
  const report = lambdaErrorReport(error);
  const out = new Error(JSON.stringify(report));
  out.name = report.errorType;
  return out;
}
