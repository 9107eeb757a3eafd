/** The text of `omni --help` and `omni <command> --help`, built from the commands' specs. */
import { DEFAULT_BASE_URL } from '../index.js';
import { GLOBAL_OPTIONS, type OptionSpec, type OptionSpecs } from './args.js';
import type { AnyCommand } from './command.js';
import { EXIT_CODES } from './exit-codes.js';
import { COMMANDS } from './registry.js';
import { VERSION } from './version.js';

const WIDTH = 80;

/**
 * `omni --help`: commands, common flags, environment, output, exit codes, examples.
 *
 * @example
 * process.stdout.write(generalHelp());
 */
export function generalHelp(): string {
  const name = Math.max(...COMMANDS.map((c) => c.name.length)) + 3;
  return [
    `omni ${VERSION}: generate videos with JimmyAI's Gemini Omni API.`,
    '',
    'Usage:',
    '  omni <command> [flags]',
    '  omni help <command>      (or omni <command> --help)',
    '  omni --version',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(name)}${c.summary}`),
    '',
    'Flags of every command:',
    ...optionRows(GLOBAL_OPTIONS),
    '',
    'Environment:',
    ...table(
      [
        [
          'JIMMYAI_API_KEY',
          'Your API key (sk_...). Read from the environment only, never from a flag, so that it ' +
            'stays out of the process list; omni never prints it. Without it, omni generate runs ' +
            'on an embedded sandbox (a demo: nothing sent, nothing billed).',
        ],
        ['JIMMYAI_BASE_URL', `The API's address (default ${DEFAULT_BASE_URL}).`],
      ],
      2,
    ),
    '',
    'Output:',
    ...wrap(
      'People read stderr: notes, progress (a live bar on a terminal, one line per change ' +
        'elsewhere) and errors. Scripts read stdout: the task id, the saved path or the video ' +
        'link. With --json, stdout has one JSON object per line, {"event": ...}, every key ' +
        'snake_case: created, progress, downloaded, dry-run, error, and last the final task ' +
        '("task"). Text from the service is shown with its control characters escaped.',
      2,
    ),
    '',
    'Exit codes:',
    ...EXIT_CODES.map(({ code, meaning }) => `  ${String(code).padEnd(5)}${meaning}`),
    '',
    'Examples:',
    '  omni generate --prompt "a red fox running through fresh snow" --out fox.mp4',
    '  id=$(omni create --prompt "a fox" --duration 8) && omni wait "$id" --out fox.mp4',
    '  omni status task_01JD7Z6Q2M8V4 --json',
    '',
  ].join('\n');
}

/**
 * `omni <command> --help`: usage, description, arguments, flags, examples.
 *
 * @example
 * process.stdout.write(commandHelp(findCommand('generate')!));
 */
export function commandHelp(command: AnyCommand): string {
  const lines = [`omni ${command.name}: ${command.summary}`, '', 'Usage:'];
  lines.push(...command.usage.map((u) => `  ${u}`), '');
  for (const paragraph of command.description) lines.push(...wrap(paragraph, 0), '');
  if (command.arguments?.length) {
    lines.push('Arguments:');
    lines.push(
      ...table(
        command.arguments.map((a) => [a.name, a.description]),
        2,
      ),
      '',
    );
  }
  if (Object.keys(command.options).length > 0) {
    lines.push('Flags:', ...optionRows(command.options as OptionSpecs), '');
  }
  lines.push('Flags of every command:', ...optionRows(GLOBAL_OPTIONS), '');
  lines.push('Examples:');
  for (const example of command.examples) {
    if (example.comment) lines.push(`  # ${example.comment}`);
    lines.push(`  ${example.command}`);
  }
  const codes = EXIT_CODES.filter((e) => e.code !== 1)
    .map((e) => `${e.code} ${shortMeaning(e.meaning)}`)
    .join(', ');
  lines.push('', ...wrap(`Exit codes: ${codes} (details: omni --help).`, 0), '');
  return lines.join('\n');
}

function shortMeaning(meaning: string): string {
  return meaning.split(/[:;(,]/)[0]?.trim() ?? meaning;
}

function optionRows(options: OptionSpecs): string[] {
  return table(
    Object.entries(options).map(([name, spec]: [string, OptionSpec]) => [
      `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.placeholder ? ` ${spec.placeholder}` : ''}`,
      spec.description + (spec.multiple && (spec.maxCount ?? 2) > 1 ? ' (repeatable)' : ''),
    ]),
    2,
  );
}

/** Two columns, the second wrapped beside the first. */
function table(rows: string[][], indent: number): string[] {
  const first = Math.min(26, Math.max(...rows.map((r) => (r[0] ?? '').length)) + 2);
  const lines: string[] = [];
  for (const [left = '', right = ''] of rows) {
    const body = wrap(right, indent + first);
    const head = ' '.repeat(indent) + left;
    if (head.length + 1 < indent + first) {
      lines.push(head.padEnd(indent + first) + (body[0] ?? '').trimStart());
      lines.push(...body.slice(1));
    } else lines.push(head, ...body);
  }
  return lines;
}

/** Word-wraps `text` to the help width, each line indented. */
function wrap(text: string, indent: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent + line.length + 1 + word.length > WIDTH) {
      lines.push(' '.repeat(indent) + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(' '.repeat(indent) + line);
  return lines;
}
