/** The lifecycle could not record a run's end (e.g. an unknown run with no job to attach it to). */
export class LifecycleError extends Error {
  override readonly name = 'LifecycleError' as const;

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
  }
}
