// The AWS backfill: its ASL (asl-validator, and run in aws-local-stepfunctions with each item's
// startExecution.sync:2 served by a local run of the job's own compiled state machine), the
// synthesized state machine with its IAM under cdk-nag, and `stepster backfill --remote` against
// the Step Functions API double on 127.0.0.1.
import '../../shared/local/promise-with-resolvers.js';
import { SFNClient } from '@aws-sdk/client-sfn';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteBackfillCommand } from '../../shared/cli/remote-backfill-command.js';
import { BACKFILL_RUN_STATE, backfillMachineDefinition } from '../../shared/compiler/backfill-machine.js';
import { sharedInMemoryInstance } from '../../shared/local/local-instance.js';
import { runLocally } from '../../shared/local/local-run.js';
import definitions, { dailyLoad } from '../integration/fixtures/partitioned-definitions.js';
import { type StepFunctionsDouble, startStepFunctionsDouble } from './support/aws-doubles.js';
import { validateAsl } from './support/asl-validator.js';
import { type SynthesizedStepster, synthStepster } from './support/stepster-synth.js';

const JOB_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:stepster-bf-daily_load';

describe('backfill state machine ASL', () => {
  it('is valid ASL', () => {
    // Act
    const validation = validateAsl(backfillMachineDefinition(), { checkArn: true, checkPaths: true });

    // Assess
    expect({ valid: validation.isValid, errors: validation.errorsText() }).toEqual({ valid: true, errors: '' });
  });

  it('runs one run per partition through the job’s state machine, at most maxConcurrent at once; a failed partition fails the backfill naming it', async () => {
    // Prepare
    const { store } = await sharedInMemoryInstance();
    let inFlight = 0;
    let mostAtOnce = 0;
    const startExecutionSync = async (params: { StateMachineArn: string; Name: string; Input: unknown }) => {
      inFlight += 1;
      mostAtOnce = Math.max(mostAtOnce, inFlight);
      try {
        const run = await runLocally({
          job: dailyLoad,
          definitions,
          store,
          input: params.Input as never,
          runId: params.Name,
        });
        if (run.status !== 'SUCCESS')
          throw Object.assign(new Error(`run ${params.Name} failed`), { name: 'States.TaskFailed' });
        return { Name: params.Name, Status: 'SUCCEEDED' };
      } finally {
        inFlight -= 1;
      }
    };
    const machine = new StateMachine(backfillMachineDefinition() as unknown as StateMachineDefinition, {
      validationOptions: { checkArn: true, checkPaths: true },
    });
    const keys = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'];

    // Act
    const execution = machine.run(
      {
        stateMachineArn: JOB_ARN,
        backfillId: 'bfasl01',
        partitionKeys: keys,
        maxConcurrent: 2,
        runConfig: {},
        tags: { fail_on: '2026-11-03' },
      },
      { overrides: { taskResourceLocalHandlers: { [BACKFILL_RUN_STATE]: startExecutionSync as never } } },
    );
    const outcome = await execution.result.then(
      (output: unknown) => ({ output, error: undefined }),
      (error: unknown) => ({ output: undefined, error: error as Error & { cause?: unknown } }),
    );
    const runs = await Promise.all(keys.map((_key, index) => store.getRun(`bfasl01-${index}`)));

    // Assess
    const failure = outcome.error?.cause as Error | undefined;
    expect(failure?.name).toBe('stepster.BackfillFailed');
    expect(failure?.message).toBe('the runs of these partitions failed: ["2026-11-03"]');
    expect(runs.map((run) => run?.status)).toEqual(['SUCCESS', 'SUCCESS', 'FAILURE', 'SUCCESS']);
    expect(runs.map((run) => run?.tags['stepster/partition'])).toEqual(keys);
    expect(runs.map((run) => run?.tags['stepster/backfill'])).toEqual(keys.map(() => 'bfasl01'));
    expect(mostAtOnce).toBe(2);
  }, 120_000);
});

describe('StepsterBackfill in the stack', () => {
  let synth: SynthesizedStepster;

  beforeAll(async () => {
    synth = await synthStepster({
      definitionsFile: 'test/integration/fixtures/partitioned-definitions.ts',
      stage: 'bf',
    });
  }, 300_000);

  it('deploys one Standard backfill state machine with a Distributed Map, cdk-nag clean (synth would have thrown)', () => {
    // Act
    const machines = Object.values(synth.template.Resources).filter(
      (r) => r.Type === 'AWS::StepFunctions::StateMachine',
    );
    const backfill = machines.find((m) => m.Properties?.StateMachineName === 'stepster-bf--backfill');

    // Assess
    expect(backfill?.Properties?.StateMachineType).toBe('STANDARD');
    expect(JSON.stringify(backfill?.Properties?.DefinitionString)).toContain('DISTRIBUTED');
    expect(synth.stack.backfill).toBeDefined();
  });

  it('lets the backfill start only the partitioned jobs’ state machines, and itself for its map items', () => {
    // Prepare
    const policies = Object.entries(synth.template.Resources).filter(
      ([id, resource]) => resource.Type === 'AWS::IAM::Policy' && id.startsWith('Backfill'),
    );
    type Statement = { Action: string | string[]; Resource: unknown };
    const statements = policies.flatMap(
      ([, resource]) =>
        (resource.Properties?.PolicyDocument as { Statement?: Statement[] } | undefined)?.Statement ?? [],
    );

    // Act
    const startable = statements
      .filter((statement) => [statement.Action].flat().includes('states:StartExecution'))
      .flatMap((statement) => [statement.Resource].flat())
      .map((resource) => JSON.stringify(resource));
    const syncRule = statements.find((statement) => [statement.Action].flat().includes('events:PutRule'));

    // Assess
    expect(startable.some((r) => r.includes('stepster-bf-daily_load'))).toBe(true);
    expect(startable.some((r) => r.includes('stepster-bf-region_sales_job'))).toBe(true);
    expect(startable.some((r) => r.includes('stepster-bf--backfill'))).toBe(true);
    expect(startable.some((r) => r.includes('plain_job'))).toBe(false);
    expect(startable.every((r) => r !== '"*"')).toBe(true);
    expect(JSON.stringify(syncRule?.Resource)).toContain('rule/StepFunctionsGetEventsForStepFunctionsExecutionRule');
  });
});

describe('stepster backfill --remote', () => {
  let sfn: StepFunctionsDouble;
  let client: SFNClient;

  beforeAll(async () => {
    sfn = await startStepFunctionsDouble();
    sfn.setStateMachines([{ name: 'stepster-bf-daily_load', stateMachineArn: JOB_ARN }]);
    client = new SFNClient({
      endpoint: sfn.endpointFor('cli'),
      region: 'eu-west-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
  });

  afterAll(async () => {
    await sfn?.close();
  });

  it('checks the keys, then starts the stage’s backfill state machine with the keys and maxConcurrent', async () => {
    // Act
    const started = await remoteBackfillCommand({
      job: dailyLoad,
      selection: { from: '2026-11-01', to: '2026-11-03' },
      maxConcurrent: 2,
      backfillId: 'bfcli01',
      target: { stage: 'bf' },
      client,
      out: { write: () => true } as never,
    });

    // Assess
    expect(started.partitionKeys).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    expect(sfn.started).toEqual([
      {
        stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:stepster-bf--backfill',
        name: 'bfcli01',
        input: JSON.stringify({
          stateMachineArn: JOB_ARN,
          backfillId: 'bfcli01',
          partitionKeys: ['2026-11-01', '2026-11-02', '2026-11-03'],
          maxConcurrent: 2,
          runConfig: {},
          tags: {},
        }),
      },
    ]);
  });

  it('refuses a bad key before starting anything', async () => {
    // Act
    const refused = remoteBackfillCommand({
      job: dailyLoad,
      selection: { from: '2026-11-01', to: '2026-11-31' },
      target: { stage: 'bf' },
      client,
      out: { write: () => true } as never,
    });

    // Assess
    await expect(refused).rejects.toThrow('to "2026-11-31": malformed or not a real date');
    expect(sfn.started).toHaveLength(1);
  });
});
