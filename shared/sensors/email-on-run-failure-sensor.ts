import type { JobDefinition } from '../definitions/job-definition.js';
import { DefinitionError } from '../errors/definition-error.js';
import type { EmailSender } from '../notifications/email-message.js';
import { defaultRunFailureMessage, type RunFailureText, resolveRunFailureText } from './run-failure-message.js';
import { type RunStatusSensorDefinition, runFailureSensor } from './run-status-sensor-definition.js';

/** Options of {@link makeEmailOnRunFailureSensor}. */
export interface EmailOnRunFailureSensorOptions {
  /** @default 'email_on_run_failure' */
  readonly name?: string;
  /** One address or several. */
  readonly emailTo: string | readonly string[];
  /** The email resource itself (`SesEmailResource`, `SmtpResource`, set up by stepster), or its key in `Definitions({ resources })`. */
  readonly email: EmailSender | string;
  /** @default every job of the Definitions */
  readonly monitoredJobs?: readonly (JobDefinition | string)[];
  /** @default '[stepster] <job> failed' */
  readonly subject?: RunFailureText;
  /** @default the job, the run id, the run's error and each failed step's */
  readonly body?: RunFailureText;
  readonly description?: string;
}

/** The key a sensor's own email resource is bound to. */
const OWN_EMAIL_KEY = 'email';

/**
 * A run-failure sensor that emails (Dagster's `make_email_on_run_failure_sensor`), through
 * `SesEmailResource` or `SmtpResource`. A message the mail service refuses makes the sensor
 * fail: the lifecycle records an ERROR event in the failed run's log with the service's
 * reason, and the run's status stays FAILURE.
 *
 * @example
 * const onFailure = makeEmailOnRunFailureSensor({ emailTo: 'data-team@example.com', email: 'email' });
 * new Definitions({ jobs, sensors: [onFailure], resources: { email: new SesEmailResource({ from: EnvVar('ALERT_FROM') }) } });
 */
export function makeEmailOnRunFailureSensor(options: EmailOnRunFailureSensorOptions): RunStatusSensorDefinition {
  const name = options.name ?? 'email_on_run_failure';
  const key = typeof options.email === 'string' ? options.email : OWN_EMAIL_KEY;
  if (typeof options.email !== 'string' && typeof options.email?.send !== 'function') {
    throw new DefinitionError(
      `sensor "${name}": email must be an email resource (SesEmailResource, SmtpResource) or its resource key, e.g. email: 'email'.`,
      { subject: name },
    );
  }
  const to = typeof options.emailTo === 'string' ? [options.emailTo] : [...(options.emailTo ?? [])];
  if (to.length === 0 || to.some((address) => typeof address !== 'string' || !address.includes('@'))) {
    throw new DefinitionError(
      `sensor "${name}": emailTo must be one address or a list, e.g. emailTo: 'team@example.com'.`,
      {
        subject: name,
      },
    );
  }
  return runFailureSensor(
    {
      name,
      requiredResourceKeys: [key],
      ...(typeof options.email === 'string' ? {} : { resources: { [key]: options.email } }),
      ...(options.monitoredJobs ? { monitoredJobs: options.monitoredJobs } : {}),
      ...(options.description !== undefined ? { description: options.description } : {}),
    },
    async (context) => {
      const email = context.resources[key] as Partial<EmailSender> | undefined;
      if (typeof email?.send !== 'function') {
        throw new TypeError(`resource "${key}" has no send method: give a SesEmailResource or SmtpResource`);
      }
      const subject = await resolveRunFailureText(
        options.subject ?? ((c) => `[stepster] ${c.run.jobName} failed`),
        context,
      );
      const body = await resolveRunFailureText(options.body ?? defaultRunFailureMessage, context);
      await email.send({ to, subject, body });
      context.log.info(`emailed the failure of run ${context.run.runId} to ${to.join(', ')}`);
    },
  );
}
