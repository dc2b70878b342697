// The harness's view of a cloud assembly with nested stacks (support/cloud-assembly-stacks.ts,
// support/deployed-resources.ts, support/role-policies.ts), on a small StepsterJob whose op
// functions live in nested stacks: what the deploy tests of big jobs rely on to find functions,
// resolve their ARNs across stacks, and check each call against the calling role.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { In, job, op } from 'stepster';
import { EventLogTable } from '../../infra/constructs/event-log-table.js';
import { StepsterJob } from '../../infra/constructs/stepster-job.js';
import { ACCOUNT, type DeployedStack, deployedStacks, REGION } from './support/cloud-assembly-stacks.js';
import {
  functionsOf,
  type LocalFunction,
  type LocalStateMachine,
  stateMachinesOf,
} from './support/deployed-resources.js';
import { fakeBundles } from './support/fake-bundles.js';
import { roleAllows } from './support/role-policies.js';
import type { CfnTemplate } from './support/stepster-synth.js';

const endpoints = { endpointFor: (caller: string) => `http://127.0.0.1:1/${caller}` };

function synthNested() {
  const outdir = mkdtempSync(join(tmpdir(), 'stepster-nested-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'NestedJobStack');
  const first = op({ name: 'first' }, async () => 1);
  const step = op({ name: 'step', ins: { n: In() } }, async (_c, { n }) => n);
  const chain = job({ name: 'chain_job' }, () => {
    let value = first();
    for (let i = 1; i < 5; i++) value = step.alias(`step_${i}`)(value);
  });
  new StepsterJob(stack, 'Chain', {
    job: chain,
    bundles: fakeBundles(['first', 'step']),
    table: new EventLogTable(stack, 'Events'),
    namePrefix: 'stepster-unit',
    opsPerStack: 2,
  });
  const assembly = app.synth();
  const file = assembly.getStackByName(stack.stackName).templateFile;
  const template = JSON.parse(readFileSync(join(outdir, file), 'utf8')) as CfnTemplate;
  return { stacks: deployedStacks(outdir, template), outdir };
}

let stacks: DeployedStack[];
let functions: LocalFunction[];
let machine: LocalStateMachine | undefined;

beforeAll(() => {
  const synth = synthNested();
  stacks = synth.stacks;
  // These tests read the template only: no function is laid out to run.
  const asSynthesized = { layout: (_id: string, file: string) => file, layersOf: () => [] };
  functions = stacks.flatMap((stack) =>
    functionsOf(stack, synth.outdir, { dynamo: endpoints, sfn: endpoints }, asSynthesized),
  );
  [machine] = stacks.flatMap(stateMachinesOf);
});

describe('a deployment with nested stacks, as the harness reads it', () => {
  const arnOf = (node: string) => functions.find((fn) => fn.environment.STEPSTER_NODE === node)?.arn ?? '';

  it('finds the op functions in the nested stacks, with the table name the parent passes them', () => {
    // Act
    const nested = functions.filter((fn) => fn.stackPath !== '');

    // Assess
    expect(stacks.map((stack) => stack.path).filter((path) => path !== '')).toHaveLength(3);
    expect(nested.map((fn) => fn.environment.STEPSTER_NODE).sort()).toEqual([
      'first',
      'step_1',
      'step_2',
      'step_3',
      'step_4',
    ]);
    const tableName = functions.find((fn) => fn.stackPath === '')?.environment.STEPSTER_TABLE_NAME;
    expect(tableName).toBeDefined();
    expect(new Set(nested.map((fn) => fn.environment.STEPSTER_TABLE_NAME))).toEqual(new Set([tableName]));
    expect(arnOf('step_3')).toBe(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:stepster-unit-chain_job-step_3`);
  });

  it('resolves the definition’s function ARNs through the nested stacks’ outputs', () => {
    // Act
    const text = JSON.stringify(machine?.definition);

    // Assess
    expect(text).not.toContain('${');
    for (const node of ['first', 'step_1', 'step_4']) expect(text).toContain(`"Resource":"${arnOf(node)}"`);
  });

  it('lets the state machine’s role invoke the job’s functions and nothing else', () => {
    // Prepare
    const parentStack = stacks[0];
    if (!machine || !parentStack) throw new Error('no state machine');

    // Act
    const allowed = roleAllows(parentStack, machine.roleLogicalId, 'lambda:InvokeFunction', arnOf('step_2'));
    const otherFunction = roleAllows(
      parentStack,
      machine.roleLogicalId,
      'lambda:InvokeFunction',
      `arn:aws:lambda:${REGION}:${ACCOUNT}:function:someone-else`,
    );
    const otherAction = roleAllows(parentStack, machine.roleLogicalId, 'lambda:DeleteFunction', arnOf('step_2'));

    // Assess
    expect(allowed).toBe(true);
    expect(otherFunction).toBe(false);
    expect(otherAction).toBe(false);
  });
});
