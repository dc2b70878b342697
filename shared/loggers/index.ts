export { shouldUseColor } from './color-support.js';
export {
  type CloudwatchDeliveryStats,
  type CloudwatchLoggerConfig,
  type CloudwatchLoggerDefinition,
  type CloudwatchLoggerOptions,
  type CloudwatchLoggerSink,
  CLOUDWATCH_LOGGER_IAM_ACTIONS,
  cloudwatchLogger,
  makeCloudwatchLogger,
} from './cloudwatch-logger.js';
export { type CloudwatchLoggerTarget, cloudwatchLoggerTargets } from './cloudwatch-logger-targets.js';
export {
  type ColoredConsoleLoggerConfig,
  coloredConsoleLogger,
  formatConsoleLine,
  makeColoredConsoleLogger,
} from './colored-console-logger.js';
export type { ConsoleLoggerOptions } from './console-logger-options.js';
export { defaultLoggerDefs } from './default-loggers.js';
export {
  DEFAULT_DELIVERY_RETRY,
  type DeliveryRetryPolicy,
  isTransientDeliveryError,
  withDeliveryRetry,
} from './delivery-retry.js';
export { initLogger, parseLoggerConfig } from './init-logger.js';
export {
  type BuildInitLoggerContextOptions,
  buildInitLoggerContext,
  type InitLoggerContext,
  type LoggerJobInfo,
} from './init-logger-context.js';
export { type JsonConsoleLoggerConfig, jsonConsoleLogger, makeJsonConsoleLogger } from './json-console-logger.js';
export { toJsonLine } from './json-line.js';
export { LogDeliveryError, type LogDeliveryErrorOptions } from './log-delivery-error.js';
export {
  LOG_LEVEL_CHOICES,
  LogLevel,
  type LogLevelInput,
  logLevelName,
  logLevelSchema,
  parseLogLevel,
  tryParseLogLevel,
} from './log-level.js';
export {
  type CreateLogManagerOptions,
  createLogManager,
  type LogListener,
  type LogManager,
} from './log-manager.js';
export type { LogOutputStream } from './log-output-stream.js';
export type { LogRecord } from './log-record.js';
export { defaultLogStreamName, sanitizeLogStreamName } from './log-stream-name.js';
export {
  type LoggerDefinition,
  type LoggerOptions,
  type LoggerSink,
  logger,
} from './logger-definition.js';
export { LOGGER_KIND, type LoggerKind } from './logger-kind.js';
export { type BatchLimits, type PendingLogEvent, planPutLogEventsBatches } from './put-log-events-batches.js';
export {
  logEventSize,
  MAX_LOG_EVENT_MESSAGE_BYTES,
  PUT_LOG_EVENTS_LIMITS,
  truncateToBytes,
} from './put-log-events-limits.js';
export type { StepLog } from './step-log.js';
export { type StructuredLogFieldsOptions, structuredLogFields } from './structured-log-fields.js';
export { validateLoggersConfig } from './validate-loggers-config.js';
