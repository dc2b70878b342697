import { coloredConsoleLogger, graph, makeCloudwatchLogger, op } from 'stepster';

/** Seed 004: any op can log at any point. */
export const logOp = op({ name: 'log_op' }, async (context) => {
  context.log.info('Hello, world!');
  context.log.debug('details only a developer wants');
  context.log.warning('disk 80% full');
  return 'ok';
});

/** Seed 004: one graph... */
export const helloLogs = graph({ name: 'hello_logs' }, () => {
  logOp();
});

/** ...a job that logs to the console, for local development and tests... */
export const localLogs = helloLogs.toJob({
  name: 'local_logs',
  loggerDefs: { console: coloredConsoleLogger },
});

/**
 * ...and one that ships its logs to CloudWatch, for production. The CDK app creates the
 * log group (with retention) and grants the job's functions only CreateLogStream and
 * PutLogEvents on it. Run config may still override the level or stream:
 * `{ "loggers": { "cloudwatch": { "config": { "logLevel": "ERROR" } } } }`.
 */
export const prodLogs = helloLogs.toJob({
  name: 'prod_logs',
  loggerDefs: { cloudwatch: makeCloudwatchLogger({ logGroupName: '/stepster/prod_logs', logLevel: 'INFO' }) },
});
