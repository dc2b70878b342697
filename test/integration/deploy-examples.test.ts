// The example jobs as `cdk deploy` ships them: each synthesized state machine is validated with
// asl-validator and run in aws-local-stepfunctions, every Task handled by the function's esbuild
// bundle from the cloud assembly, against dynalite; then the lifecycle function gets the status
// event Step Functions would send, and every AWS call each function made is checked against its role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLogStore } from '../../shared/event-log/event-log-store.js';
import { IMPLICIT_ASSET_JOB_NAME } from '../../shared/definitions/asset-job.js';
import { functionName } from '../../shared/compiler/task-target.js';
import { EventType } from '../../shared/events/event-type.js';
import {
  type LocalDeployment,
  LocalDeployment as Deployment,
  type LocalExecution,
} from '../infra/support/local-deployment.js';
import { validateAsl } from '../infra/support/asl-validator.js';
import { type SynthesizedStepster, synthStepster } from '../infra/support/stepster-synth.js';

const DEFINITIONS = 'examples/definitions.ts';
const CONSOLE_INPUT = { runConfig: { ops: { fetch_sales: { config: { date: '2026-11-01' } } } }, tags: { k: 'v' } };
// Jobs whose ops need run config (the CLI passes the same with --config).
const INPUTS: Record<string, unknown> = {
  sales_job: CONSOLE_INPUT,
  observations_job: { runConfig: { ops: { partitioned_dataset_op: { config: { date: '2026-11-01' } } } } },
};

let synth: SynthesizedStepster;
let deployment: LocalDeployment;
let store: EventLogStore;
const executions = new Map<string, LocalExecution>();

beforeAll(async () => {
  synth = await synthStepster({ definitionsFile: DEFINITIONS, stage: 'test' });
  deployment = await Deployment.start(synth);
  store = new EventLogStore({ client: deployment.dynamo.client, tableName: deployment.tableName });
}, 300_000);

afterAll(async () => {
  await deployment?.close();
});

describe('deployed example jobs', () => {
  it('validates every synthesized definition with asl-validator', () => {
    // Prepare
    const machines = [...deployment.stateMachines.values()];

    // Act
    const results = machines.map((machine) => {
      const validation = validateAsl(machine.definition, { checkArn: true, checkPaths: true });
      return { name: machine.name, valid: validation.isValid, errors: validation.errorsText() };
    });

    // Assess
    expect(machines.length).toBe(synth.definitions.jobs.length + 1);
    for (const result of results) expect(result, result.name).toMatchObject({ valid: true });
  });

  it('runs every example job through its bundles and records a terminal status for each', async () => {
    // Prepare
    const jobs = synth.definitions.jobs.map((job) => job.name);

    // Act
    for (const jobName of jobs) {
      const input = INPUTS[jobName] ?? {};
      executions.set(jobName, await deployment.runJob(jobName, input, { runId: `deploy-${jobName}` }));
    }

    // Assess
    for (const [jobName, execution] of executions) {
      const run = await store.getRun(execution.runId);
      const expected = jobName === 'failure_job' ? 'FAILURE' : 'SUCCESS';
      expect({ jobName, status: run?.status }).toEqual({ jobName, status: expected });
      expect(execution.status).toBe(expected === 'SUCCESS' ? 'SUCCEEDED' : 'FAILED');
    }
  }, 240_000);

  it('writes Dagster’s event order for the sales job started with the README’s console input', async () => {
    // Prepare
    const runId = executions.get('sales_job')?.runId ?? '';

    // Act
    const { records } = await store.getRecordsForRun(runId);

    // Assess
    const types = records
      .filter((r) => r.eventType !== EventType.LOG_MESSAGE)
      .map((r) => `${r.stepKey ?? ''}:${r.eventType}`);
    expect(types[0]).toBe(':RUN_START');
    expect(types.at(-1)).toBe(':RUN_SUCCESS');
    expect(types).toContain('fetch_sales:ASSET_OBSERVATION');
    expect(types).toContain('transform:ASSET_MATERIALIZATION');
    expect((await store.getRun(runId))?.tags).toMatchObject({ k: 'v', team: 'data' });
  });

  it('counts the state transitions the compiler predicts for a run without retries', () => {
    // Prepare
    const job = synth.stack.jobs.get('sales_job');

    // Act
    const transitions = executions.get('sales_job')?.stateTransitions;

    // Assess
    expect(transitions).toBe(job?.compiled.stats.transitionsPerRun);
  });

  it('deploys each asset job like an op job: one Lambda per asset step, its materializations in the table', async () => {
    // Prepare
    const assetJobs = ['sales_assets', IMPLICIT_ASSET_JOB_NAME];
    const deployedNames = new Set([...deployment.functions.values()].map((fn) => fn.functionName));

    // Act
    const runs = await Promise.all(
      assetJobs.map(async (jobName) => {
        const runId = executions.get(jobName)?.runId ?? '';
        const { records } = await store.getRecordsForRun(runId);
        const raw = await store.readOutputs(runId, [{ node: 'raw_sales', output: 'result' }]);
        return { jobName, runId, records, rawRows: [...raw.values()][0]?.value as unknown[] | undefined };
      }),
    );
    const reportHistory = await store.getAssetEvents('validation_warnings_report', {
      ofType: EventType.ASSET_MATERIALIZATION,
    });

    // Assess
    for (const { jobName, runId, records, rawRows } of runs) {
      const job = synth.stack.jobs.get(jobName);
      const steps = job?.job.nodes.map((node) => node.name) ?? [];
      // The implicit job also materializes seed 002's price summary (its source has its own job).
      const extra = jobName === IMPLICIT_ASSET_JOB_NAME ? ['price_summary'] : [];
      const assetSteps = ['raw_sales', 'sales_transform', 'validation_warnings_report', ...extra];
      // One Lambda per asset step and per check step.
      expect(steps).toEqual([
        'raw_sales',
        'sales_transform',
        'sales_transform__check_sales_schema',
        'sales_transform__check_sales_data_quality',
        'validation_warnings_report',
        ...extra,
      ]);
      const functionNames = steps.map((node) => functionName('stepster-test', jobName, { kind: 'op', node }));
      expect(new Set(functionNames).size).toBe(steps.length);
      expect(functionNames.filter((name) => !deployedNames.has(name))).toEqual([]);
      expect([...(job?.opFunctions.keys() ?? [])].sort()).toEqual([...steps].sort());
      const materialized = records
        .filter((r) => r.eventType === EventType.ASSET_MATERIALIZATION)
        .map((r) => `${r.stepKey}:${String(r.data?.assetKey)}`);
      expect([...materialized].sort()).toEqual(assetSteps.map((step) => `${step}:${step}`).sort());
      const evaluations = records
        .filter((r) => r.eventType === EventType.ASSET_CHECK_EVALUATION)
        .map((r) => `${r.stepKey}:${String(r.data?.checkName)}:${String(r.data?.passed)}`)
        .sort();
      // The checks run in parallel behind the asset: their order is not fixed.
      expect(evaluations).toEqual([
        'sales_transform__check_sales_data_quality:check_sales_data_quality:false',
        'sales_transform__check_sales_schema:check_sales_schema:true',
      ]);
      const transform = records.find(
        (r) => r.eventType === EventType.ASSET_MATERIALIZATION && r.stepKey === 'sales_transform',
      );
      expect(rawRows?.length).toBeGreaterThan(0);
      expect(transform?.data?.metadata).toMatchObject({ record_count: { type: 'int', value: rawRows?.length } });
      expect({ jobName, transitions: executions.get(jobName)?.stateTransitions }).toEqual({
        jobName,
        transitions: job?.compiled.stats.transitionsPerRun,
      });
      expect(reportHistory.map((e) => e.runId)).toContain(runId);
    }
  });

  it('fails a run whose console input names a field the op refuses, before any op runs', async () => {
    // Prepare
    const input = { runConfig: { ops: { fetch_sales: { config: { date: 'yesterday' } } } } };

    // Act
    const execution = await deployment.runJob('sales_job', input, { runId: 'deploy-bad-input' });

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error?.cause).toContain('runConfig.ops.fetch_sales.config.date');
    const { records } = await store.getRecordsForRun('deploy-bad-input');
    expect(records.some((r) => r.eventType === EventType.STEP_START)).toBe(false);
  });

  it('starts a run from the README’s PutEvents entry through the launch rule’s input path', async () => {
    // Prepare
    const entry = {
      Source: 'stepster.launch',
      DetailType: 'Run Job',
      Detail: JSON.stringify({ stage: 'test', job: 'sales_job', input: CONSOLE_INPUT }),
    };
    const event = {
      source: entry.Source,
      'detail-type': entry.DetailType,
      detail: JSON.parse(entry.Detail) as { job: string; input: unknown },
    };
    const rule = Object.values(synth.template.Resources).find(
      (r) =>
        r.Type === 'AWS::Events::Rule' &&
        (JSON.stringify(r.Properties?.EventPattern) ?? '').includes('"job":["sales_job"]'),
    );
    const targets = (rule?.Properties?.Targets ?? []) as { InputPath: string }[];
    const target = targets[0];

    // Act
    const input = target?.InputPath === '$.detail.input' ? event.detail.input : undefined;
    const execution = await deployment.runJob(event.detail.job, input, { runId: 'deploy-from-event' });

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect((await store.getRun('deploy-from-event'))?.tags).toMatchObject({ k: 'v' });
  });

  it('records the end of each run and fires the seed-001 sensors through the lifecycle bundle', async () => {
    // Prepare
    const lifecycle = deployment.functionNamed('-lifecycle');
    const failed = executions.get('failure_job');
    const succeeded = executions.get('sales_job');

    // Act
    const onFailure = (await deployment.invoke(
      lifecycle,
      deployment.statusChangeEvent('failure_job', failed?.runId ?? '', 'FAILED', {
        error: failed?.error?.name ?? '',
        cause: failed?.error?.cause ?? '',
      }),
    )) as { result: { sensors: { name: string; fired: boolean }[] } };
    const onSuccess = (await deployment.invoke(
      lifecycle,
      deployment.statusChangeEvent('sales_job', succeeded?.runId ?? '', 'SUCCEEDED'),
    )) as {
      result: { sensors: { name: string; fired: boolean }[] };
    };

    // Assess
    expect(onFailure.result.sensors).toEqual([
      { name: 'on_run_failure', fired: true },
      { name: 'on_pipeline_failure', fired: true },
    ]);
    expect(onSuccess.result.sensors).toEqual([{ name: 'sales_report', fired: true }]);
  });

  it('made only the AWS calls each function’s role allows', () => {
    // Prepare
    const calls = [...deployment.dynamoProxy.calls, ...deployment.sfn.calls];

    // Act
    const denied = calls.filter((call) => {
      const fn = deployment.functions.get(call.caller);
      const allowed = fn ? deployment.allowedActions(fn).get(call.action) : undefined;
      if (!allowed) return true;
      return (
        call.indexName !== undefined && !allowed.some((resources) => resources.includes(`/index/${call.indexName}`))
      );
    });

    // Assess
    expect(calls.length).toBeGreaterThan(50);
    expect(denied).toEqual([]);
  });
});
