import { z } from 'zod';
import { errorMessage } from '../errors/error-message.js';
import { ConfigurableResource } from '../resources/configurable-resource.js';
import { NotificationDeliveryError, NotificationService } from './notification-delivery-error.js';

/** Slack's Web API root, where `chat.postMessage` lives. */
export const SLACK_API_BASE_URL = 'https://slack.com/api';

const slackConfig = z
  .object({
    /** An incoming webhook URL (it posts to the channel it was made for). */
    webhookUrl: z.string().url().optional(),
    /** A bot token (`xoxb-...`) with `chat:write`, for `chat.postMessage`. */
    token: z.string().min(1).optional(),
    /** Slack's Web API root (a local endpoint in tests). @default 'https://slack.com/api' */
    baseUrl: z.string().url().default(SLACK_API_BASE_URL),
    /** How long one post may take. @default 10 */
    timeoutSeconds: z.coerce.number().positive().default(10),
  })
  .refine((c) => (c.webhookUrl === undefined) !== (c.token === undefined), {
    message: 'give exactly one of webhookUrl (an incoming webhook) or token (a bot token for chat.postMessage)',
  });

/** One Slack message: `text` is the notification's fallback, `blocks` the rich layout. */
export interface SlackMessage {
  /** `#channel`, a channel id or a user id; needed with a bot token, ignored by most webhooks. */
  readonly channel?: string;
  readonly text: string;
  /** Block Kit blocks, sent as they are. */
  readonly blocks?: readonly unknown[];
}

/** What Slack answered: with a bot token, the channel id and the message timestamp. */
export interface SlackPostResult {
  readonly channel?: string;
  readonly ts?: string;
}

/**
 * Posts to Slack (dagster_slack's `SlackResource`): through an incoming webhook
 * (`{ webhookUrl }`), or `chat.postMessage` with a bot token (`{ token, baseUrl? }`). Give the
 * webhook URL or the token as `secret(...)`: both are credentials, masked as `***` in every
 * text stepster writes. A refused or failed post throws {@link NotificationDeliveryError}
 * naming Slack's reason (`channel_not_found`, `invalid_auth`, a webhook's `no_service`).
 *
 * @example
 * new Definitions({ jobs, resources: { slack: new SlackResource({ token: secret('prod/slack', { jsonField: 'token' }) }) } });
 * // in an op with requiredResourceKeys: ['slack']
 * await context.resources.slack.postMessage({ channel: '#data', text: 'Sales pipeline completed' });
 */
export class SlackResource extends ConfigurableResource(slackConfig) {
  /** Posts one message; resolves once Slack accepted it. */
  async postMessage(message: SlackMessage): Promise<SlackPostResult> {
    const { webhookUrl, token, baseUrl, timeoutSeconds } = this.config;
    const payload = {
      ...(message.channel !== undefined ? { channel: message.channel } : {}),
      text: message.text,
      ...(message.blocks !== undefined ? { blocks: message.blocks } : {}),
    };
    const signal = AbortSignal.timeout(timeoutSeconds * 1000);
    if (webhookUrl !== undefined) {
      const what = `incoming webhook post${message.channel ? ` to ${message.channel}` : ''}`;
      const response = await send(what, () =>
        fetch(webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payload),
          signal,
        }),
      );
      // A webhook answers 200 "ok", or an error status with a code as plain text ("no_service").
      if (!response.ok) {
        const text = (await response.text()).trim().slice(0, 200);
        throw delivery(what, `HTTP ${response.status}${text ? ` ${text}` : ''}`);
      }
      return {};
    }
    if (message.channel === undefined || message.channel.length === 0) {
      throw delivery(
        'chat.postMessage',
        'no channel: a bot token posts to the channel you name; pass postMessage({ channel: "#alerts", ... })',
      );
    }
    const what = `chat.postMessage to ${message.channel}`;
    const response = await send(what, () =>
      fetch(`${baseUrl.replace(/\/+$/, '')}/chat.postMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${token}` },
        body: JSON.stringify(payload),
        signal,
      }),
    );
    const reply = await readReply(what, response);
    if (reply.ok !== true) {
      const code = typeof reply.error === 'string' ? reply.error : `HTTP ${response.status}, no error code`;
      throw delivery(what, code);
    }
    return {
      ...(typeof reply.channel === 'string' ? { channel: reply.channel } : {}),
      ...(typeof reply.ts === 'string' ? { ts: reply.ts } : {}),
    };
  }
}

function delivery(what: string, reason: string, cause?: unknown): NotificationDeliveryError {
  return new NotificationDeliveryError(NotificationService.SLACK, what, reason, cause !== undefined ? { cause } : {});
}

async function send(what: string, request: () => Promise<Response>): Promise<Response> {
  try {
    return await request();
  } catch (error) {
    // fetch's own message is "fetch failed"; the reason (ECONNREFUSED, a timeout) is its cause.
    const cause = error instanceof Error && error.cause !== undefined ? `: ${errorMessage(error.cause)}` : '';
    throw delivery(what, `${errorMessage(error)}${cause}`, error);
  }
}

async function readReply(what: string, response: Response): Promise<Record<string, unknown>> {
  const text = await response.text();
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // not JSON: reported below with the status
  }
  throw delivery(what, `HTTP ${response.status}, not a Slack API reply: ${text.trim().slice(0, 200)}`);
}
