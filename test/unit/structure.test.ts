import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The rooms of shared/, from the ground floor up (docs/CONTRIBUTING.md, "Rooms and imports").
// A file may import its own room and rooms on lower floors; rooms on one floor are siblings
// and may not import each other.
const FLOORS: readonly (readonly string[])[] = [
  ['environment', 'errors'],
  ['metadata'],
  ['events'],
  ['retry', 'event-log', 'directory-lock'],
  ['loggers', 'secrets'],
  ['resources'],
  ['notifications'],
  ['definitions'],
  ['compiler', 'data-quality'],
  ['schedules', 'sensors'],
  ['tasks', 'lifecycle'],
  ['local-dynamo'],
  ['aws', 'local'],
  ['ui'],
  ['cli'],
];

const ROOT = resolve(import.meta.dirname, '../..');
const SHARED = join(ROOT, 'shared');
const floorOf = new Map(FLOORS.flatMap((rooms, floor) => rooms.map((room) => [room, floor] as const)));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The room of a file under shared/ (its first folder), or undefined for shared/index.ts. */
function roomOf(file: string): string | undefined {
  const parts = relative(SHARED, file).split('/');
  return parts.length > 1 ? parts[0] : undefined;
}

/** Every relative import of a file, resolved to the .ts file it names. */
function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers = [...source.matchAll(/(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'|import\s+'(\.[^']+)'/g)].map(
    (match) => match[1] ?? match[2] ?? '',
  );
  return specifiers.map((specifier) => resolve(dirname(file), specifier).replace(/\.js$/, '.ts'));
}

const sharedFiles = filesUnder(SHARED);

describe('the house: rooms of shared/ and their imports', () => {
  it('lists every room of shared/ on a floor', () => {
    const rooms = new Set(sharedFiles.map(roomOf).filter((room): room is string => room !== undefined));
    expect([...rooms].filter((room) => !floorOf.has(room))).toEqual([]);
  });

  it('has one barrel, shared/index.ts: no folder has an index.ts', () => {
    const barrels = sharedFiles.filter((file) => file.endsWith('/index.ts') && file !== join(SHARED, 'index.ts'));
    expect(barrels.map((file) => relative(ROOT, file))).toEqual([]);
  });

  it('never imports a higher room or a sibling room', () => {
    const wrong: string[] = [];
    for (const file of sharedFiles) {
      const from = roomOf(file);
      if (from === undefined) continue;
      for (const target of importsOf(file)) {
        const to = roomOf(target);
        if (to === undefined || to === from || !target.startsWith(SHARED)) continue;
        if ((floorOf.get(to) ?? 99) >= (floorOf.get(from) ?? -1)) {
          wrong.push(`${relative(ROOT, file)} -> ${relative(ROOT, target)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no import cycle between files', () => {
    const files = [...sharedFiles, ...filesUnder(join(ROOT, 'infra')), ...filesUnder(join(ROOT, 'functions'))];
    const graph = new Map(files.map((file) => [file, importsOf(file)]));
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(ROOT, f)).join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
