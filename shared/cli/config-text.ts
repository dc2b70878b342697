import { parseDocument } from 'yaml';
import { errorMessage } from '../errors/error-message.js';
import { CliError } from './cli-error.js';

/** Whether `--config <path>` is read as YAML (`.yaml`, `.yml`); anything else is JSON. */
export function isYamlConfigPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/**
 * The text of a `--config` file as data: YAML for `.yaml`/`.yml`, JSON otherwise. A syntax error
 * is a CliError naming the file, line and column (`… at line 4, column 3 (run.yaml:4:3)`) and showing the
 * line with a caret under the column, so the user can go straight there.
 *
 * @example
 * parseConfigText('run.yaml', 'ops:\n  fetch_sales:\n    config: { date: 2026-11-01 }\n');
 * // → { ops: { fetch_sales: { config: { date: '2026-11-01' } } } }
 */
export function parseConfigText(path: string, text: string): unknown {
  if (isYamlConfigPath(path)) {
    // Dates stay strings (core schema): run config is validated by zod schemas that expect text.
    const document = parseDocument(text, { prettyErrors: false, schema: 'core' });
    const [first] = document.errors;
    if (first) {
      const at = offsetPosition(text, first.pos[0]);
      throw syntaxError(path, 'YAML', at.line, at.col, first.message, text);
    }
    return document.toJS();
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = errorMessage(error);
    const at = jsonErrorPosition(message, text);
    if (at) throw syntaxError(path, 'JSON', at.line, at.col, message, text);
    // Node 20 words an unexpected token without its position; its message quotes the spot instead.
    throw new CliError(`--config ${path} is not valid JSON: ${message}`);
  }
}

function syntaxError(path: string, language: string, line: number, col: number, message: string, text: string) {
  const source = text.split(/\r?\n/)[line - 1];
  const excerpt =
    source === undefined || source.trim() === '' ? '' : `\n  ${source}\n  ${' '.repeat(Math.max(0, col - 1))}^`;
  return new CliError(
    `--config ${path} is not valid ${language} at line ${line}, column ${col} (${path}:${line}:${col}): ${message}${excerpt}`,
  );
}

/**
 * Where JSON.parse stopped, from its message: V8 says `at position N` (Node 20) or
 * `(line L column C)` (Node 22); an unexpected end is the end of the text. Undefined when the message gives no place.
 */
function jsonErrorPosition(message: string, text: string): { line: number; col: number } | undefined {
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return { line: Number(lineCol[1]), col: Number(lineCol[2]) };
  const position = /position (\d+)/.exec(message);
  if (position) return offsetPosition(text, Number(position[1]));
  return /end of JSON/i.test(message) ? offsetPosition(text, text.length) : undefined;
}

/** The 1-based line and column of a character offset. */
function offsetPosition(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split(/\r?\n/);
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
}
