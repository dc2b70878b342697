import { DefinitionError } from '../errors/definition-error.js';

/** The five fields of a Dagster (Unix) cron string, in order. */
export const CRON_FIELDS = ['minute', 'hour', 'day-of-month', 'month', 'day-of-week'] as const;

export type CronField = (typeof CRON_FIELDS)[number];

/**
 * A parsed Dagster cron string: the values each field allows.
 * Day of week uses Unix numbering, 0 = Sunday … 6 = Saturday (7 is read as 0).
 */
export interface CronExpression {
  /** The string as the user wrote it. */
  readonly text: string;
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: readonly number[];
  readonly months: readonly number[];
  readonly daysOfWeek: readonly number[];
  /** Whether day-of-month was written as something other than `*` (Unix cron ORs it with day-of-week then). */
  readonly dayOfMonthRestricted: boolean;
  readonly dayOfWeekRestricted: boolean;
}

interface FieldSpec {
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly example: string;
}

const FIELD_SPECS: Readonly<Record<CronField, FieldSpec>> = {
  minute: { min: 0, max: 59, example: '0, 30, */15 or 0-29' },
  hour: { min: 0, max: 23, example: '6, 9-17 or */2' },
  'day-of-month': { min: 1, max: 31, example: '1, 15 or 1-7' },
  month: {
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
    example: '1, 1-6 or JAN,JUL',
  },
  'day-of-week': {
    min: 0,
    max: 7,
    names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
    example: '1-5, MON-FRI or 0',
  },
};

// croniter (which Dagster uses) accepts these shorthands too.
const ALIASES: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/**
 * Parses a Dagster cron string (five fields: minute hour day-of-month month day-of-week,
 * or `@daily`-style shorthands). Errors name the field and show what it accepts.
 *
 * @param subject what the string belongs to, for error messages (e.g. `schedule "daily_sales"`)
 * @example
 * parseCronExpression('0 6 * * 1-5').hours; // [6]
 * parseCronExpression('0 6 * * MON-FRI').daysOfWeek; // [1, 2, 3, 4, 5]
 */
export function parseCronExpression(text: string, subject = 'cron schedule'): CronExpression {
  if (typeof text !== 'string' || text.trim().length === 0) {
    throw new DefinitionError(`${subject}: cronSchedule must be a cron string like "0 6 * * *" (06:00 every day).`, {
      subject,
    });
  }
  const trimmed = text.trim();
  const expanded = ALIASES[trimmed.toLowerCase()] ?? trimmed;
  if (expanded.startsWith('@')) {
    throw new DefinitionError(
      `${subject}: cronSchedule "${text}" is not a known shorthand; use one of ${Object.keys(ALIASES).join(', ')} or five fields like "0 6 * * *".`,
      { subject },
    );
  }
  const parts = expanded.split(/\s+/);
  if (parts.length !== CRON_FIELDS.length) {
    throw new DefinitionError(
      `${subject}: cronSchedule "${text}" has ${parts.length} field(s); Dagster cron strings have 5: minute hour day-of-month month day-of-week (e.g. "0 6 * * *"). EventBridge's 6-field cron(...) syntax is generated for you.`,
      { subject },
    );
  }
  const values = CRON_FIELDS.map((field, index) => parseField(parts[index] ?? '', field, text, subject));
  const [minutes, hours, daysOfMonth, months, rawDaysOfWeek] = values as [
    number[],
    number[],
    number[],
    number[],
    number[],
  ];
  const daysOfWeek = [...new Set(rawDaysOfWeek.map((d) => d % 7))].sort((a, b) => a - b);
  return Object.freeze({
    text,
    minutes,
    hours,
    daysOfMonth,
    months,
    daysOfWeek,
    dayOfMonthRestricted: parts[2] !== '*' && parts[2] !== '?',
    dayOfWeekRestricted: parts[4] !== '*' && parts[4] !== '?',
  });
}

function parseField(raw: string, field: CronField, text: string, subject: string): number[] {
  const spec = FIELD_SPECS[field];
  const fail = (detail: string): never => {
    throw new DefinitionError(
      `${subject}: cronSchedule "${text}": the ${field} field "${raw}" ${detail}. It accepts ${spec.min}-${spec.max}${spec.names ? ` or names (${spec.names[0]}…)` : ''}, lists, ranges and steps, e.g. ${spec.example}.`,
      { subject },
    );
  };
  if (/[LW#]/i.test(raw.replace(/[A-Z]{3}/gi, (name) => (spec.names?.includes(name.toUpperCase()) ? '0' : name)))) {
    fail('uses L, W or #, which stepster schedules do not support; list the days explicitly');
  }
  const values = new Set<number>();
  for (const item of raw.split(',')) {
    if (item.length === 0) fail('has an empty list item');
    const [rangePart = '', stepPart, extra] = item.split('/');
    if (extra !== undefined) fail('has more than one "/"');
    let step = 1;
    if (stepPart !== undefined) {
      if (!/^\d+$/.test(stepPart) || Number(stepPart) === 0)
        fail(`has step "/${stepPart}"; a step is a positive integer`);
      step = Number(stepPart);
    }
    let start: number;
    let end: number;
    if (rangePart === '*' || rangePart === '?') {
      start = spec.min;
      end = field === 'day-of-week' ? 6 : spec.max;
    } else if (rangePart.includes('-')) {
      const [a = '', b = '', more] = rangePart.split('-');
      if (more !== undefined) fail('has a range with more than one "-"');
      start = parseValue(a, spec, fail);
      end = parseValue(b, spec, fail);
      if (end < start) fail(`has range ${rangePart} that ends before it starts`);
    } else {
      start = parseValue(rangePart, spec, fail);
      // "a/n" means a, a+n, … up to the field's maximum, as in croniter.
      end = stepPart !== undefined ? spec.max : start;
    }
    for (let v = start; v <= end; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

function parseValue(token: string, spec: FieldSpec, fail: (detail: string) => never): number {
  const named = spec.names?.indexOf(token.toUpperCase()) ?? -1;
  if (named >= 0) return spec.min === 0 ? named : named + spec.min;
  if (!/^\d+$/.test(token)) return fail(`has "${token}", which is not a number${spec.names ? ' or a name' : ''}`);
  const value = Number(token);
  if (value < spec.min || value > spec.max) return fail(`has ${value}, outside ${spec.min}-${spec.max}`);
  return value;
}
