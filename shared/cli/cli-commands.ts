/** What one `stepster` command needs before it runs. */
export interface CliCommandSpec {
  /** The positional argument it requires, as the error names it; absent when it takes none. */
  readonly arg?: 'a job name' | 'a run id';
  /** Whether it loads the Definitions module: always, or only with `--remote`. @default never */
  readonly definitions?: true | 'remote';
}

/**
 * Every `stepster` command and what it needs: the one list `main` checks a command line
 * against, so a new command is one entry here and one branch where it runs.
 */
export const CliCommands = {
  run: { arg: 'a job name', definitions: true },
  materialize: { definitions: true },
  assets: { definitions: true },
  runs: {},
  events: { arg: 'a run id' },
  logs: { arg: 'a run id', definitions: 'remote' },
  list: { definitions: true },
  schedules: { definitions: true },
  launch: { arg: 'a job name', definitions: true },
  ui: { definitions: true },
  reexecute: { arg: 'a run id', definitions: true },
  redrive: { arg: 'a run id' },
  backfill: { arg: 'a job name', definitions: true },
} as const satisfies Record<string, CliCommandSpec>;

export type CliCommand = keyof typeof CliCommands;

/** Whether `name` is a `stepster` command. */
export function isCliCommand(name: string): name is CliCommand {
  return Object.hasOwn(CliCommands, name);
}
