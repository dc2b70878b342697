import { type LaunchRequest, type LaunchResponse, UiApi } from '../ui-api.js';
import { apiPath, postJson } from './api-client.js';
import { h, replaceChildren } from './dom.js';
import { runPath } from './format.js';
import { errorBox, navigateTo } from './router.js';

/** Reads `key=value` lines (blank lines ignored) into tags; throws naming the bad line. */
export function parseTagLines(text: string): Record<string, string> {
  const tags: Record<string, string> = {};
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const eq = line.indexOf('=');
    if (eq <= 0)
      throw new Error(`Tags, line ${index + 1}: "${line}" is not key=value. Write one tag per line, e.g. team=sales.`);
    tags[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  });
  return tags;
}

function parseRunConfig(text: string): Record<string, unknown> | undefined {
  if (text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`Run config is not valid JSON (${String(error)}). Fix the JSON, or leave it empty for none.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('Run config must be a JSON object, e.g. { "ops": { "load": { "config": { … } } } }.');
  }
  return parsed as Record<string, unknown>;
}

/**
 * The launchpad: run config (JSON, as `stepster run --config` takes it) and tags → a new run,
 * then its page. The server's 400 answers (config that does not validate) are shown as they come.
 */
export function launchpad(jobName: string): HTMLElement {
  const config = h('textarea', {
    class: 'code',
    attrs: { name: 'runConfig', rows: '12', spellcheck: 'false', 'aria-label': 'Run config (JSON)' },
  });
  config.value = '{}';
  const tags = h('textarea', {
    attrs: { name: 'tags', rows: '3', placeholder: 'key=value, one per line', 'aria-label': 'Tags' },
  });
  const message = h('div', { class: 'action-result' });
  const launch = h('button', { class: 'action primary', attrs: { type: 'submit' } }, 'Launch run');
  const form = h(
    'form',
    { class: 'launchpad' },
    h('label', null, 'Run config (JSON)', config),
    h('label', null, 'Tags', tags),
    h('div', { class: 'actions' }, launch),
    message,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replaceChildren(message);
    launch.disabled = true;
    try {
      const runConfig = parseRunConfig(config.value);
      const request: LaunchRequest = {
        ...(runConfig ? { runConfig } : {}),
        tags: parseTagLines(tags.value),
      };
      const { runId } = await postJson<LaunchResponse>(apiPath(UiApi.launch, { jobName }), request);
      navigateTo(runPath(runId));
    } catch (error) {
      replaceChildren(message, errorBox(error));
    } finally {
      launch.disabled = false;
    }
  });
  return form;
}
