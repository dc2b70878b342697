import type { Definitions } from '../definitions/definitions.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import { DefinitionError } from '../errors/definition-error.js';
import type { EventLogInstance } from '../event-log/event-log-instance.js';
import { describeSchedules } from '../schedules/schedules-report.js';
import { RunStatusSensorDefinition } from '../sensors/run-status-sensor-definition.js';
import { runConfigJsonSchema } from './run-config-schema.js';
import { runRow } from './run-view.js';
import type { GraphEdge, GraphNode, JobResponse, JobsResponse, SensorSummary } from './ui-api.js';
import { UiErrorStatus, UiRequestError } from './ui-request-error.js';

/** How many runs a job's page lists. */
export const JOB_RECENT_RUNS = 20;

/** How many upcoming ticks a job's page shows per schedule. */
export const SCHEDULE_TICKS = 5;

/** Every job of the Definitions with its latest run. */
export async function jobsResponse(instance: EventLogInstance, definitions: Definitions): Promise<JobsResponse> {
  const jobs = await Promise.all(
    definitions.jobs.map(async (job) => {
      const [last] = await instance.getRuns({ jobName: job.name, limit: 1 });
      return {
        name: job.name,
        ...(job.description !== undefined ? { description: job.description } : {}),
        nodeCount: job.nodes.length,
        tags: job.tags,
        ...(last ? { lastRun: runRow(last) } : {}),
      };
    }),
  );
  return { jobs };
}

/** The job, or a 404 that lists the known jobs. */
export function requireJob(definitions: Definitions, jobName: string): JobDefinition {
  try {
    return definitions.getJob(jobName);
  } catch (error) {
    if (error instanceof DefinitionError) {
      throw new UiRequestError(UiErrorStatus.NOT_FOUND, `${error.message} Pick one from /api/jobs.`, { cause: error });
    }
    throw error;
  }
}

/** A job's page: its graph, metadata, config schema, schedules, sensors and recent runs. */
export async function jobResponse(
  instance: EventLogInstance,
  definitions: Definitions,
  jobName: string,
): Promise<JobResponse> {
  const job = requireJob(definitions, jobName);
  const runs = await instance.getRuns({ jobName: job.name, limit: JOB_RECENT_RUNS });
  const schedules = describeSchedules(definitions.schedules, { count: SCHEDULE_TICKS }).filter(
    (schedule) => schedule.jobName === job.name,
  );
  return {
    name: job.name,
    ...(job.description !== undefined ? { description: job.description } : {}),
    tags: job.tags,
    metadata: job.metadata,
    ...jobGraph(job),
    configSchema: runConfigJsonSchema(job, definitions),
    schedules: schedules.map((schedule) => ({
      name: schedule.name,
      cronSchedule: schedule.cronSchedules.join(', '),
      timezone: schedule.executionTimezone,
      nextTicks: schedule.ticks.map((tick) => tick.scheduledTime.toISOString()),
    })),
    sensors: definitions.sensors.flatMap((sensor): SensorSummary[] =>
      sensor instanceof RunStatusSensorDefinition && sensor.monitors(job.name)
        ? [
            {
              name: sensor.name,
              runStatus: sensor.runStatus,
              ...(sensor.description !== undefined ? { description: sensor.description } : {}),
            },
          ]
        : [],
    ),
    recentRuns: runs.map((run) => runRow(run)),
  };
}

/**
 * A job's nodes in its order and its edges: one per input wired to an upstream output, and
 * one with no output or input for an upstream that passes no value (an asset's deps, a check
 * that runs after its asset). A fan-out shows as Dagster draws it: the mapped op names the
 * dynamic output it maps over, and its edges in and out say `map` and `collect`.
 *
 * @example
 * jobGraph(salesJob).edges[0]; // { from: 'fetch_sales', to: 'transform', output: 'rows', input: 'rows' }
 */
export function jobGraph(job: JobDefinition): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes = job.nodes.map((node): GraphNode => {
    const description = node.op.description ?? node.op.asset?.description;
    const item = node.mappedInput === undefined ? undefined : node.inputs[node.mappedInput];
    const dynamicOutputs = Object.entries(node.op.outs).flatMap(([name, out]) => (out.dynamic ? [name] : []));
    return {
      name: node.name,
      kind: 'assetCheck' in node.op ? 'check' : node.op.asset !== undefined ? 'asset' : 'op',
      ...(description !== undefined ? { description } : {}),
      ...(item !== undefined ? { mappedFrom: { node: item.node, output: item.output } } : {}),
      ...(dynamicOutputs.length > 0 ? { dynamicOutputs } : {}),
    };
  });
  const edges = job.nodes.flatMap((node) => {
    const wired = Object.entries(node.inputs).map(
      ([input, from]): GraphEdge => ({
        from: from.node,
        to: node.name,
        output: from.output,
        input,
        ...(from.item ? { fanOut: 'map' as const } : from.collect !== undefined ? { fanOut: 'collect' as const } : {}),
      }),
    );
    const fed = new Set(wired.map((edge) => edge.from));
    const ordered = node.upstream
      .filter((up) => !fed.has(up))
      .map((up): GraphEdge => ({ from: up, to: node.name, output: '', input: '' }));
    return [...wired, ...ordered];
  });
  return { nodes, edges };
}
