import { nodeOfStepKey } from '../../definitions/mapped-step-key.js';
import type { EventRecord, LogLevelName } from '../../event-log/event-record.js';
import { h, replaceChildren } from './dom.js';
import { formatTime } from './format.js';
import { eventDetails } from './event-details.js';

const LEVELS: readonly LogLevelName[] = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];
const RUN_LEVEL = '(run)';

/**
 * The most rows the table draws at once (the newest), so that a 1,000-item fan-out's 9,000
 * events do not freeze the page; a button draws them all.
 */
export const EVENT_ROWS_SHOWN = 1000;

function rank(level: string): number {
  const index = LEVELS.indexOf(level as LogLevelName);
  return index === -1 ? 1 : index;
}

function select(name: string, label: string): HTMLSelectElement {
  return h('select', { attrs: { name, 'aria-label': label } }, h('option', { attrs: { value: '' } }, label));
}

/** Adds options for values not yet offered, keeping the user's choice. */
function offer(menu: HTMLSelectElement, values: Iterable<string>): void {
  const present = new Set([...menu.options].map((option) => option.value));
  for (const value of values) {
    if (!present.has(value)) menu.append(h('option', { attrs: { value } }, value));
    present.add(value);
  }
}

/**
 * A run's event log, filterable by step, event type and minimum level; ERROR and CRITICAL rows
 * are highlighted. Events arrive in pages (live polling) through {@link EventLogView.add}.
 * A mapped op is offered as `process[*]`, which shows every item's events, and each item
 * (`process[a]`) on its own.
 */
export class EventLogView {
  readonly element: HTMLElement;
  private readonly events: EventRecord[] = [];
  private readonly step = select('step', 'All steps');
  private readonly type = select('type', 'All event types');
  private readonly level = h(
    'select',
    { attrs: { name: 'level', 'aria-label': 'Level' } },
    ...LEVELS.map((level) => h('option', { attrs: { value: level } }, `${level} and above`)),
  );
  private readonly body = h('tbody');
  private readonly count = h('span', { class: 'count' });
  private drawn = false;
  private showAll = false;

  constructor(stepKeys: readonly string[], mappedNodes: readonly string[] = []) {
    this.level.value = 'DEBUG';
    offer(this.step, [RUN_LEVEL, ...stepKeys]);
    // A mapped op's option reads `process[*] (every item)`; its value stays the op's name.
    for (const option of this.step.options) {
      if (mappedNodes.includes(option.value)) option.textContent = `${option.value}[*] (every item)`;
    }
    for (const menu of [this.step, this.type, this.level]) menu.addEventListener('change', () => this.draw());
    this.element = h(
      'section',
      { class: 'event-log' },
      h('h2', null, 'Event log ', this.count),
      h('div', { class: 'filters' }, this.step, this.type, this.level),
      h(
        'table',
        { class: 'data events' },
        h(
          'thead',
          null,
          h('tr', null, ...['Time', 'Step', 'Type', 'Level', 'Message'].map((title) => h('th', null, title))),
        ),
        this.body,
      ),
    );
  }

  /** Shows only the events of `stepKey` (a mapped op's name: all its items'). */
  showStep(stepKey: string): void {
    offer(this.step, [stepKey]);
    this.step.value = stepKey;
    this.draw();
    this.element.scrollIntoView({ block: 'start' });
  }

  /** Shows exactly these events (a whole log). */
  replace(events: readonly EventRecord[]): void {
    this.events.length = 0;
    this.drawn = false;
    this.add(events);
  }

  /** Appends newer events (from `/events?after=`) and redraws. */
  add(events: readonly EventRecord[]): void {
    // A poll that brought nothing new leaves the table as it is: redrawing thousands of rows
    // every second would keep the page busy.
    if (events.length === 0 && this.drawn) return;
    this.events.push(...events);
    offer(
      this.step,
      events.flatMap((event) => (event.stepKey ? [event.stepKey] : [])),
    );
    offer(
      this.type,
      events.map((event) => event.eventType),
    );
    this.draw();
  }

  private shown(event: EventRecord): boolean {
    const step = this.step.value;
    // A mapped op's name selects its items too: `process` matches `process[a]`.
    const matches = event.stepKey === step || (event.stepKey !== undefined && nodeOfStepKey(event.stepKey) === step);
    if (step === RUN_LEVEL ? event.stepKey !== undefined : step !== '' && !matches) return false;
    if (this.type.value !== '' && event.eventType !== this.type.value) return false;
    return rank(event.level) >= rank(this.level.value);
  }

  private draw(): void {
    this.drawn = true;
    const matching = this.events.filter((event) => this.shown(event));
    const shown = this.showAll ? matching : matching.slice(-EVENT_ROWS_SHOWN);
    const hidden = matching.length - shown.length;
    const more =
      hidden > 0
        ? h(
            'tr',
            { class: 'events-hidden' },
            h(
              'td',
              { attrs: { colspan: '5' } },
              `${hidden} earlier events are not shown (the newest ${EVENT_ROWS_SHOWN} are); filter by step or type, or `,
              h(
                'button',
                {
                  class: 'link-button show-all',
                  attrs: { type: 'button' },
                  on: {
                    click: () => {
                      this.showAll = true;
                      this.draw();
                    },
                  },
                },
                `show all ${matching.length}`,
              ),
            ),
          )
        : null;
    replaceChildren(this.body, more, ...shown.map((event) => this.row(event)));
    this.count.textContent = `(${matching.length} of ${this.events.length})`;
  }

  private row(event: EventRecord): HTMLElement {
    const severe = rank(event.level) >= rank('ERROR') || event.eventType.endsWith('FAILURE');
    const level = LEVELS.includes(event.level) ? event.level : 'INFO';
    return h(
      'tr',
      {
        class: `event level-${level}${severe ? ' severe' : ''}`,
        attrs: { 'data-event-type': event.eventType, 'data-step': event.stepKey ?? '' },
      },
      h('td', { class: 'time' }, formatTime(event.timestamp)),
      h('td', null, event.stepKey ?? ''),
      h('td', null, h('span', { class: 'event-type' }, event.eventType)),
      h('td', null, event.level),
      h('td', { class: 'message' }, h('div', null, event.message), eventDetails(event)),
    );
  }
}
