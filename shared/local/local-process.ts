import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * A process on a machine, named so that a later process can tell whether it still runs:
 * a pid alone is not enough, since the system reuses pids.
 */
export interface LocalProcess {
  readonly pid: number;
  readonly host: string;
  /**
   * When the process started, as the system reports it (Linux: start time in clock ticks from
   * `/proc/<pid>/stat`; elsewhere `ps -o lstart`). Compared, never parsed. Absent where the
   * system does not say (then the pid alone decides).
   */
  readonly startedAt?: string;
}

/** Whether a {@link LocalProcess} still runs; `unknown` for a process on another host. */
export type LocalProcessPresence = 'running' | 'exited' | 'unknown';

function linuxStartTime(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses; fields after it are plain.
  // starttime is field 22, the 20th after the name.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = fields[19];
  return ticks === undefined ? undefined : `linux:${ticks}`;
}

function psStartTime(pid: number): string | undefined {
  try {
    const started = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return started.length > 0 ? `ps:${started}` : undefined;
  } catch {
    return undefined;
  }
}

function startTimeOf(pid: number): string | undefined {
  if (process.platform === 'linux') return linuxStartTime(pid);
  if (process.platform === 'win32') return undefined;
  return psStartTime(pid);
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EPERM';
  }
}

/**
 * This process, as a later process will look for it.
 *
 * @example
 * writeFileSync(leasePath, JSON.stringify({ process: thisLocalProcess() }));
 */
export function thisLocalProcess(): LocalProcess {
  const startedAt = startTimeOf(process.pid);
  return { pid: process.pid, host: hostname(), ...(startedAt !== undefined ? { startedAt } : {}) };
}

/**
 * Whether `recorded` still runs: its pid exists and, when its start time was recorded, the
 * process with that pid started at that time (else the pid was reused by another process).
 *
 * @example
 * if (presenceOf(lease.process) === 'exited') await recordAbandoned(lease);
 */
export function presenceOf(recorded: LocalProcess): LocalProcessPresence {
  if (recorded.host !== hostname()) return 'unknown';
  if (!pidExists(recorded.pid)) return 'exited';
  if (recorded.startedAt === undefined) return 'running';
  const now = startTimeOf(recorded.pid);
  // The start time may be unreadable for another user's process: the pid then decides.
  return now === undefined || now === recorded.startedAt ? 'running' : 'exited';
}
