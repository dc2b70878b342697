/**
 * What a logger may know about the job whose runs it logs. A `JobDefinition` fits.
 *
 * @example
 * ```ts
 * buildInitLoggerContext({ jobDef: { name: 'sales_job', tags: { team: 'finance' } } });
 * ```
 */
export interface LoggerJobInfo {
  readonly name: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/**
 * Passed to a logger's init function (Dagster's `InitLoggerContext`).
 *
 * @example
 * ```ts
 * const fileLogger = logger({ config: z.object({ path: z.string() }) }, (ctx) => {
 *   const path = ctx.loggerConfig.path;
 *   return { log: (record) => appendFileSync(path, `${record.message}\n`) };
 * });
 * ```
 */
export interface InitLoggerContext<TConfig = unknown> {
  /** The logger's config, already validated and with defaults applied. */
  readonly loggerConfig: TConfig;
  readonly jobDef?: LoggerJobInfo;
  readonly runId?: string;
  /** The key the logger has in the job's `loggerDefs` (e.g. `console`). */
  readonly loggerName?: string;
  /** The Lambda request id of the invocation, when known. */
  readonly requestId?: string;
  /**
   * Reports a problem the logger cannot raise where it happens, e.g. a failed background delivery.
   * The log manager shows it (stderr, `onLoggerError`) so nothing is lost silently.
   */
  readonly reportError?: (error: unknown) => void;
}

/** Options of {@link buildInitLoggerContext}; everything is optional. */
export interface BuildInitLoggerContextOptions {
  /** Raw config; `initLogger` validates it against the definition's schema. */
  readonly loggerConfig?: unknown;
  readonly jobDef?: LoggerJobInfo;
  readonly runId?: string;
  readonly loggerName?: string;
  readonly requestId?: string;
  readonly reportError?: (error: unknown) => void;
}

/**
 * Builds an init context outside of a run, for testing loggers (Dagster's `build_init_logger_context`).
 * The config is not validated here: pass the context to `initLogger(definition, context)`, which validates
 * it against the definition's schema and applies defaults.
 *
 * @example
 * ```ts
 * const sink = await initLogger(jsonConsoleLogger, buildInitLoggerContext({ loggerConfig: { name: 'my_logger' } }));
 * expect(sink.level).toBe(20);
 * expect(sink.name).toBe('my_logger');
 * ```
 */
export function buildInitLoggerContext(options: BuildInitLoggerContextOptions = {}): InitLoggerContext<unknown> {
  const context: {
    loggerConfig: unknown;
    jobDef?: LoggerJobInfo;
    runId?: string;
    loggerName?: string;
    requestId?: string;
    reportError?: (error: unknown) => void;
  } = { loggerConfig: options.loggerConfig };
  if (options.jobDef !== undefined) context.jobDef = options.jobDef;
  if (options.runId !== undefined) context.runId = options.runId;
  if (options.loggerName !== undefined) context.loggerName = options.loggerName;
  if (options.requestId !== undefined) context.requestId = options.requestId;
  if (options.reportError !== undefined) context.reportError = options.reportError;
  return Object.freeze(context);
}
