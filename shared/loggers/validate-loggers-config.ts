import { formatPropertyPath } from '../errors/property-path.js';
import { RunConfigError } from '../errors/run-config-error.js';
import type { ValidationIssue } from '../errors/validation-issue.js';
import { parseLoggerConfig } from './init-logger.js';
import type { LoggerDefinition } from './logger-definition.js';

const LOGGERS_PATH = 'runConfig.loggers';

/**
 * Checks `runConfig.loggers` against a job's logger definitions before any op runs, and returns each
 * defined logger's validated config (defaults applied). Every defined logger gets a config, named in run
 * config or not: unlike Dagster (issue 4252), defined loggers always apply.
 * Throws `RunConfigError` listing every problem: unknown logger names (with the known ones), entries with
 * fields other than `config`, and config fields that do not fit (`runConfig.loggers.<name>.config.<field>`).
 *
 * @example
 * ```ts
 * validateLoggersConfig({ console: coloredConsoleLogger }, { console: { config: { logLevel: 'ERROR' } } });
 * // → { console: { logLevel: 40, name: 'stepster' } }
 * ```
 */
export function validateLoggersConfig(
  loggerDefs: Readonly<Record<string, LoggerDefinition>>,
  loggersConfig: unknown,
): Record<string, unknown> {
  const issues: ValidationIssue[] = [];
  const known = Object.keys(loggerDefs);
  let entries: Record<string, unknown> = {};
  if (loggersConfig !== undefined) {
    if (isPlainObject(loggersConfig)) {
      entries = loggersConfig;
    } else {
      issues.push({
        path: LOGGERS_PATH,
        message: `must be an object keyed by logger name, e.g. { ${known[0] ?? 'console'}: { config: { logLevel: 'ERROR' } } }`,
      });
    }
  }

  for (const name of Object.keys(entries)) {
    if (!Object.hasOwn(loggerDefs, name)) {
      issues.push({
        path: formatPropertyPath(LOGGERS_PATH, [name]),
        message:
          known.length === 0
            ? `unknown logger "${name}": this job defines no loggers`
            : `unknown logger "${name}"; this job's loggers are: ${known.join(', ')}`,
      });
    }
  }

  const configs: Record<string, unknown> = {};
  for (const name of known) {
    const entryPath = formatPropertyPath(LOGGERS_PATH, [name]);
    const entry = entries[name];
    let config: unknown;
    if (entry !== undefined && entry !== null) {
      if (!isPlainObject(entry)) {
        issues.push({ path: entryPath, message: 'must be an object such as { config: { ... } }' });
        continue;
      }
      for (const key of Object.keys(entry)) {
        if (key !== 'config') {
          issues.push({
            path: formatPropertyPath(entryPath, [key]),
            message: 'unknown field; a logger entry takes only "config"',
          });
        }
      }
      config = entry['config'];
    }
    try {
      configs[name] = parseLoggerConfig(loggerDefs[name]!, config, `${entryPath}.config`);
    } catch (error) {
      if (error instanceof RunConfigError) issues.push(...error.issues);
      else throw error;
    }
  }

  if (issues.length > 0) throw new RunConfigError(issues);
  return configs;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
