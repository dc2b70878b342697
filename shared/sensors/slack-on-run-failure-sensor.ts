import type { JobDefinition } from '../definitions/job-definition.js';
import { DefinitionError } from '../errors/definition-error.js';
import type { SlackMessage } from '../notifications/slack-resource.js';
import { defaultRunFailureMessage, type RunFailureText, resolveRunFailureText } from './run-failure-message.js';
import { type RunStatusSensorDefinition, runFailureSensor } from './run-status-sensor-definition.js';

/** What the sensor needs of a Slack resource: `SlackResource`, or your own with the same method. */
export interface SlackPoster {
  postMessage(message: SlackMessage): Promise<unknown>;
}

/** Options of {@link makeSlackOnRunFailureSensor}. */
export interface SlackOnRunFailureSensorOptions {
  /** @default 'slack_on_run_failure' */
  readonly name?: string;
  /** Where to post: `#channel` or a channel id (a webhook posts to its own channel). */
  readonly channel: string;
  /** The Slack resource itself (its config validated and set up by stepster), or its key in `Definitions({ resources })`. */
  readonly slack: SlackPoster | string;
  /** @default every job of the Definitions */
  readonly monitoredJobs?: readonly (JobDefinition | string)[];
  /** The message. @default the job, the run id, the run's error and each failed step's */
  readonly text?: RunFailureText;
  readonly description?: string;
}

/** The key a sensor's own Slack resource is bound to. */
const OWN_SLACK_KEY = 'slack';

/**
 * A run-failure sensor that posts to Slack (dagster_slack's `make_slack_on_run_failure_sensor`).
 * A post Slack refuses (`channel_not_found`, `invalid_auth`) or that cannot be sent makes the
 * sensor fail: the lifecycle records an ERROR event in the failed run's log with Slack's reason,
 * and the run's status stays FAILURE.
 *
 * @example
 * const onFailure = makeSlackOnRunFailureSensor({ channel: '#data-alerts', slack: 'slack' });
 * new Definitions({ jobs, sensors: [onFailure], resources: { slack: new SlackResource({ webhookUrl: EnvVar('SLACK_WEBHOOK_URL') }) } });
 */
export function makeSlackOnRunFailureSensor(options: SlackOnRunFailureSensorOptions): RunStatusSensorDefinition {
  const name = options.name ?? 'slack_on_run_failure';
  const key = typeof options.slack === 'string' ? options.slack : OWN_SLACK_KEY;
  if (typeof options.slack !== 'string' && typeof options.slack?.postMessage !== 'function') {
    throw new DefinitionError(
      `sensor "${name}": slack must be a SlackResource (or anything with postMessage) or its resource key, e.g. slack: 'slack'.`,
      { subject: name },
    );
  }
  if (typeof options.channel !== 'string' || options.channel.length === 0) {
    throw new DefinitionError(`sensor "${name}": channel is required, e.g. channel: '#data-alerts'.`, {
      subject: name,
    });
  }
  return runFailureSensor(
    {
      name,
      requiredResourceKeys: [key],
      ...(typeof options.slack === 'string' ? {} : { resources: { [key]: options.slack } }),
      ...(options.monitoredJobs ? { monitoredJobs: options.monitoredJobs } : {}),
      ...(options.description !== undefined ? { description: options.description } : {}),
    },
    async (context) => {
      const slack = context.resources[key] as Partial<SlackPoster> | undefined;
      if (typeof slack?.postMessage !== 'function') {
        throw new TypeError(`resource "${key}" has no postMessage method: give a SlackResource`);
      }
      const text = await resolveRunFailureText(options.text ?? defaultRunFailureMessage, context);
      await slack.postMessage({ channel: options.channel, text });
      context.log.info(`posted the failure of run ${context.run.runId} to ${options.channel}`);
    },
  );
}
