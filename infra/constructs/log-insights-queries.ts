import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Properties of {@link LogInsightsQueries}. */
export interface LogInsightsQueriesProps {
  /** The stage: the queries are saved as `stepster/<stage>/...`. */
  readonly stage: string;
  /** The log groups to query: the functions' and the CloudWatch loggers'. */
  readonly logGroupNames: readonly string[];
}

/** Logs Insights queries at most this many log groups (StartQuery's limit). */
export const MAX_QUERY_LOG_GROUPS = 50;

/** What `one run's logs` filters on until you type a run id in its place. */
export const RUN_ID_PLACEHOLDER = 'RUN_ID';

/**
 * Saved CloudWatch Logs Insights queries of a stage, over its functions' and CloudWatch
 * loggers' log groups: "errors by run" (ERROR and CRITICAL records counted per run) and
 * "one run's logs" (a run's records in time order; replace `RUN_ID`). Both logger shapes
 * match: the JSON console logger writes Lambda's level words (FATAL for CRITICAL), the
 * CloudWatch logger Dagster's; `levelNumber` is in both. Over 50 log groups (what one query
 * may read) the queries are saved in parts, `(1 of 3)`...
 *
 * @example
 * new LogInsightsQueries(stack, 'Queries', { stage: 'prod', logGroupNames: ['/aws/lambda/stepster-prod-sales_job-fetch_sales'] });
 */
export class LogInsightsQueries extends Construct {
  readonly errorsByRun: readonly logs.QueryDefinition[];
  readonly runLogs: readonly logs.QueryDefinition[];

  constructor(scope: Construct, id: string, props: LogInsightsQueriesProps) {
    super(scope, id);
    const names = [...new Set(props.logGroupNames)];
    const chunks: string[][] = [];
    for (let i = 0; i < names.length; i += MAX_QUERY_LOG_GROUPS) chunks.push(names.slice(i, i + MAX_QUERY_LOG_GROUPS));
    const errorsQuery = new logs.QueryString({
      fields: ['@timestamp', 'runId', 'jobName', 'stepKey', 'level', 'message'],
      filterStatements: ['ispresent(runId)', '(levelNumber >= 40 or level in ["ERROR", "CRITICAL", "FATAL"])'],
      statsStatements: [
        'count(*) as errors, earliest(@timestamp) as first, latest(@timestamp) as last by runId, jobName',
      ],
      sort: 'last desc',
    });
    const runQuery = new logs.QueryString({
      fields: ['@timestamp', 'level', 'jobName', 'stepKey', 'attempt', 'message', '@logStream'],
      filterStatements: [`runId = "${RUN_ID_PLACEHOLDER}"`],
      sort: '@timestamp asc',
      limit: 10_000,
    });
    const save = (title: string, queryString: logs.QueryString, idPrefix: string): logs.QueryDefinition[] =>
      chunks.map(
        (groups, index) =>
          new logs.QueryDefinition(this, `${idPrefix}${index + 1}`, {
            queryDefinitionName: `stepster/${props.stage}/${title}${chunks.length > 1 ? ` (${index + 1} of ${chunks.length})` : ''}`,
            queryString,
            // By name: the groups are created elsewhere in the stack (some in nested stacks).
            logGroups: groups.map((name, n) =>
              logs.LogGroup.fromLogGroupName(this, `${idPrefix}${index + 1}Group${n}`, name),
            ),
          }),
      );
    this.errorsByRun = save('errors by run', errorsQuery, 'ErrorsByRun');
    this.runLogs = save("one run's logs", runQuery, 'RunLogs');
  }
}
