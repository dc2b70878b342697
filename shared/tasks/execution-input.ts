import type { JobDefinition } from '../definitions/job-definition.js';
import { normalizeTags } from '../definitions/run-tags.js';
import type { RunConfig } from '../definitions/run-config.js';
import { unknownConfigKeys } from '../errors/unknown-config-keys.js';
import { errorMessage } from '../errors/error-message.js';
import { RunConfigError } from '../errors/run-config-error.js';
import type { ValidationIssue } from '../errors/validation-issue.js';
import { resolveOpSelection } from '../definitions/op-selection.js';
import { type LaunchContext, parseSystemTags, verifySystemTagSources } from './system-tags.js';
import { requiredResourceKeysOf } from '../definitions/required-resource-keys.js';
import type { ResourceSet } from '../resources/resource-set.js';
import { validateLoggersConfig } from '../loggers/validate-loggers-config.js';
import type { LoggerDefinition } from '../loggers/logger-definition.js';
import { SystemTag } from '../definitions/run-tags.js';
import { checkPartitionKeyInput, partitionKeyOfTick } from './partition-key-input.js';

const INPUT_KEYS = ['runConfig', 'tags', 'selection', 'partitionKey', 'stepster'];
const RUN_CONFIG_KEYS = ['ops', 'loggers', 'resources'];

/**
 * Validates an execution input against a job before any op runs: every op's config with
 * its zod schema, logger config, tags. All problems are reported together, each naming
 * its field.
 */
export function validateExecutionInput(
  job: JobDefinition,
  loggerDefs: Readonly<Record<string, LoggerDefinition>>,
  raw: unknown,
  /**
   * Who started the execution, when known (run start): system tags are then checked against it.
   * With `resources`, their config (and the run config's overrides) is validated too.
   */
  launch?: Omit<LaunchContext, 'job'> & { readonly resources?: ResourceSet },
): {
  runConfig: RunConfig;
  tags: Record<string, string>;
  systemTags: Record<string, string>;
  /** The selected step names, in job order, when the input has a `selection`. */
  selection?: string[];
} {
  const issues: { path: string; message: string }[] = [];
  const input = raw ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new RunConfigError([
      {
        path: 'input',
        message: 'the execution input must be a JSON object like { "runConfig": { "ops": {} }, "tags": {} }',
      },
    ]);
  }
  const obj = input as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!INPUT_KEYS.includes(key)) {
      issues.push({
        path: key,
        message: `unknown field; the execution input takes "runConfig", "tags", "selection" and "partitionKey"`,
      });
    }
  }
  const rc = obj.runConfig ?? {};
  const runConfig: {
    ops?: Record<string, { config?: unknown }>;
    loggers?: Record<string, { config?: unknown }>;
    resources?: Record<string, { config?: unknown }>;
  } = {};
  if (typeof rc !== 'object' || rc === null || Array.isArray(rc)) {
    issues.push({ path: 'runConfig', message: 'must be an object like { "ops": { "<op>": { "config": {...} } } }' });
  } else {
    const rco = rc as Record<string, unknown>;
    for (const key of Object.keys(rco)) {
      if (!RUN_CONFIG_KEYS.includes(key)) {
        issues.push({
          path: `runConfig.${key}`,
          message: 'unknown field; run config takes "ops", "loggers" and "resources"',
        });
      }
    }
    const ops = (rco.ops ?? {}) as Record<string, unknown>;
    if (typeof ops !== 'object' || Array.isArray(ops)) {
      issues.push({ path: 'runConfig.ops', message: 'must be an object keyed by op name' });
    } else {
      runConfig.ops = {};
      for (const name of Object.keys(ops)) {
        if (!job.hasNode(name)) {
          issues.push({
            path: `runConfig.ops.${name}`,
            message: `job "${job.name}" has no op "${name}"; its ops are: ${job.nodes.map((n) => n.name).join(', ')}`,
          });
        }
      }
      for (const node of job.nodes) {
        const entry = ops[node.name] as { config?: unknown } | undefined;
        const path = `runConfig.ops.${node.name}`;
        if (entry !== undefined && (typeof entry !== 'object' || entry === null || Array.isArray(entry))) {
          issues.push({ path, message: 'must be an object like { "config": {...} }' });
          continue;
        }
        for (const key of Object.keys(entry ?? {})) {
          if (key !== 'config') {
            issues.push({ path: `${path}.${key}`, message: 'unknown field; an op entry takes only "config"' });
          }
        }
        const schema = node.op.configSchema;
        const given = entry?.config;
        if (!schema) {
          if (given !== undefined) {
            issues.push({ path: `${path}.config`, message: `op "${node.name}" takes no config; remove it` });
          }
          continue;
        }
        const parsed = schema.safeParse(given ?? {});
        const unknown = parsed.success ? unknownConfigKeys(schema, given ?? {}, `${path}.config`) : [];
        if (!parsed.success) {
          issues.push(...RunConfigError.fromZodError(`${path}.config`, parsed.error).issues);
        } else if (unknown.length > 0) {
          issues.push(...unknown);
        } else if (given !== undefined) {
          runConfig.ops[node.name] = { config: given };
        }
      }
    }
    if (rco.loggers !== undefined) {
      try {
        validateLoggersConfig(loggerDefs, rco.loggers);
        runConfig.loggers = rco.loggers as Record<string, { config?: unknown }>;
      } catch (error) {
        if (error instanceof RunConfigError) issues.push(...error.issues);
        else issues.push({ path: 'runConfig.loggers', message: errorMessage(error) });
      }
    }
  }
  if (typeof rc === 'object' && rc !== null && !Array.isArray(rc)) {
    const overrides = resourceOverrides((rc as Record<string, unknown>).resources, issues);
    if (overrides !== undefined) runConfig.resources = overrides;
    if (launch?.resources) issues.push(...launch.resources.validate(requiredResourceKeysOf(job), overrides ?? {}));
  }
  let tags: Record<string, string> = {};
  try {
    tags = normalizeTags(obj.tags, { kind: 'run', path: 'tags' });
  } catch (error) {
    if (error instanceof RunConfigError) issues.push(...error.issues);
    else throw error;
  }
  const selection = selectedSteps(job, obj.selection, issues);
  const systemTags = parseSystemTags(obj.stepster, issues);
  if (launch) {
    const { resources: _resources, ...launchContext } = launch;
    issues.push(...verifySystemTagSources(systemTags, { ...launchContext, job }));
  }
  const fromTick = obj.partitionKey === undefined && launch ? partitionKeyOfTick(job, systemTags, launch) : undefined;
  const partitionKey = checkPartitionKeyInput(job, obj.partitionKey ?? fromTick, issues, launch?.now);
  if (partitionKey !== undefined) systemTags[SystemTag.PARTITION] = partitionKey;
  if (issues.length > 0) throw new RunConfigError(issues);
  return { runConfig, tags, systemTags, ...(selection ? { selection } : {}) };
}

/** The input's `selection` (Dagster's op selection queries) resolved to step names; issues name each bad query. */
function selectedSteps(job: JobDefinition, raw: unknown, issues: ValidationIssue[]): string[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || !raw.every((query) => typeof query === 'string')) {
    issues.push({
      path: 'selection',
      message: 'must be a list of selection queries, e.g. ["fetch_sales*", "+report"]',
    });
    return undefined;
  }
  try {
    return resolveOpSelection(job, raw);
  } catch (error) {
    if (!(error instanceof RunConfigError)) throw error;
    issues.push(...error.issues);
    return undefined;
  }
}

/** `runConfig.resources` checked for shape: an object of `{ config }` entries, keyed by resource. */
function resourceOverrides(
  given: unknown,
  issues: { path: string; message: string }[],
): Record<string, { config?: unknown }> | undefined {
  if (given === undefined) return undefined;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    issues.push({
      path: 'runConfig.resources',
      message: 'must be an object like { "<resource key>": { "config": {...} } }',
    });
    return undefined;
  }
  const overrides: Record<string, { config?: unknown }> = {};
  for (const [key, entry] of Object.entries(given)) {
    const fields = entry && typeof entry === 'object' && !Array.isArray(entry) ? Object.keys(entry) : undefined;
    const bad = fields?.filter((field) => field !== 'config');
    if (fields === undefined || (bad && bad.length > 0)) {
      issues.push({
        path: `runConfig.resources.${key}${bad?.[0] ? `.${bad[0]}` : ''}`,
        message: 'a resource entry takes only "config": { "config": {...} }',
      });
      continue;
    }
    overrides[key] = entry as { config?: unknown };
  }
  return overrides;
}
