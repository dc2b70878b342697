import { DefinitionError } from '../errors/index.js';
import type { LoggerDefinition } from '../loggers/index.js';
import type { JobDefinition } from './job-definition.js';

/** Anything with a kind and a name that a Definitions module registers (schedules, sensors). */
export interface NamedDefinition {
  readonly kind: string;
  readonly name: string;
}

export interface DefinitionsOptions<S extends NamedDefinition = NamedDefinition, R extends NamedDefinition = NamedDefinition> {
  readonly jobs?: readonly JobDefinition[];
  readonly schedules?: readonly S[];
  readonly sensors?: readonly R[];
  /** Values every op sees as `context.resources`. */
  readonly resources?: Record<string, unknown>;
  /** Default loggers for jobs that define none (Dagster's default_logger_defs). */
  readonly loggers?: Record<string, LoggerDefinition>;
}

/**
 * Everything a code location exports: what the CLI runs and `cdk deploy` deploys.
 * A definitions module exports one as `default`.
 *
 * @example
 * export default new Definitions({ jobs: [salesJob], schedules: [dailySales], sensors: [onFailure] });
 */
export class Definitions<S extends NamedDefinition = NamedDefinition, R extends NamedDefinition = NamedDefinition> {
  readonly kind = 'definitions' as const;
  readonly jobs: readonly JobDefinition[];
  readonly schedules: readonly S[];
  readonly sensors: readonly R[];
  readonly resources: Readonly<Record<string, unknown>>;
  readonly loggers?: Readonly<Record<string, LoggerDefinition>>;

  constructor(options: DefinitionsOptions<S, R> = {}) {
    this.jobs = Object.freeze([...(options.jobs ?? [])]);
    this.schedules = Object.freeze([...(options.schedules ?? [])]);
    this.sensors = Object.freeze([...(options.sensors ?? [])]);
    this.resources = Object.freeze({ ...(options.resources ?? {}) });
    if (options.loggers) this.loggers = Object.freeze({ ...options.loggers });
    assertUnique('job', this.jobs);
    assertUnique('schedule', this.schedules);
    assertUnique('sensor', this.sensors);
  }

  /** The job called `name`; the error lists the known jobs. */
  getJob(name: string): JobDefinition {
    const found = this.jobs.find((j) => j.name === name);
    if (!found) {
      throw new DefinitionError(
        `no job named "${name}". Known jobs: ${this.jobs.map((j) => j.name).join(', ') || '(none)'}.`,
        { subject: name },
      );
    }
    return found;
  }

  /** The loggers a job's runs use: the job's own, else these defaults, else undefined (built-in defaults). */
  loggersFor(job: JobDefinition): Readonly<Record<string, LoggerDefinition>> | undefined {
    return job.loggerDefs ?? this.loggers;
  }
}

function assertUnique(what: string, items: readonly NamedDefinition[]): void {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.name)) {
      throw new DefinitionError(`two ${what}s are named "${item.name}". Give each ${what} a unique name.`, {
        subject: item.name,
      });
    }
    seen.add(item.name);
  }
}
