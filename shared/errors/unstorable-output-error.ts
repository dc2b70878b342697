import { StepsterError, type StepsterErrorOptions } from './stepster-error.js';
/**
 * An op output that the event log cannot store exactly: a function, a symbol, a class
 * instance, a Promise, an object with symbol keys. The step fails with it (it is never stored
 * changed); the message names the output, the path inside it, and the fix.
 *
 * @example
 * new UnstorableOutputError('report', { path: 'payload.rows[3].total', problem: 'a function' }).message;
 * // → 'Output "report" cannot be stored exactly: report.payload.rows[3].total is a function. Return data …'
 */
export class UnstorableOutputError extends StepsterError {
  override readonly name = 'UnstorableOutputError' as const;
  readonly outputName: string;
  /** Path inside the output value, e.g. `payload.rows[3].total`; `''` for the value itself. */
  readonly path: string;

  constructor(
    outputName: string,
    unstorable: { readonly path: string; readonly problem: string },
    options: StepsterErrorOptions = {},
  ) {
    const at =
      unstorable.path === ''
        ? outputName
        : `${outputName}${unstorable.path.startsWith('[') ? '' : '.'}${unstorable.path}`;
    super(
      `Output "${outputName}" cannot be stored exactly: ${at} is ${unstorable.problem}. ` +
        'Return data stepster stores exactly (plain objects and arrays, strings, numbers including NaN, ±Infinity and -0, ' +
        'booleans, null, undefined, Date, Map, Set, BigInt, RegExp, URL, typed arrays, Buffer), e.g. turn a class instance ' +
        'into a plain object; or store the value yourself and return a reference to it.',
      options,
    );
    this.outputName = outputName;
    this.path = unstorable.path;
  }
}
