// `npm run example:loggers`: the same graph as two jobs, one per environment (seed 004).
// There is no AWS account here, so prod_logs ships its logs to a local stand-in for the
// CloudWatch Logs API (the protocol double the tests use) and this script prints what arrived.
import { executeInProcess } from 'stepster';
import { startCloudwatchLogsDouble } from '../../test/support/cloudwatch-logs-double.js';
import { localLogs, prodLogs } from './hello-logs.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.AWS_ACCESS_KEY_ID ??= 'local';
process.env.AWS_SECRET_ACCESS_KEY ??= 'local';

const cloudwatch = await startCloudwatchLogsDouble({ logGroups: ['/stepster/prod_logs'] });
try {
  process.stdout.write('== local_logs: colored console logger ==\n');
  await executeInProcess(localLogs);

  process.stdout.write('\n== prod_logs: CloudWatch logger (nothing on the console) ==\n');
  const prod = await executeInProcess(prodLogs, {
    runConfig: { loggers: { cloudwatch: { config: { endpoint: cloudwatch.endpoint, region: 'us-east-1' } } } },
  });
  const puts = cloudwatch.callsOf('PutLogEvents');
  const stream = String(puts[0]?.body.logStreamName ?? '');
  process.stdout.write(
    `PutLogEvents calls: ${puts.length}, log group /stepster/prod_logs, stream ${stream} (run ${prod.runId})\n`,
  );
  for (const event of cloudwatch.events('/stepster/prod_logs', stream)) {
    process.stdout.write(`  ${new Date(event.timestamp).toISOString()} ${event.message}\n`);
  }
} finally {
  await cloudwatch.close();
}
