/** What a command is, and what it runs with. */
import type { Clock } from '../index.js';
import { GLOBAL_OPTIONS, type OptionSpecs, type Parsed } from './args.js';
import type { ResolvedIO } from './io.js';
import type { ClientLog } from './log.js';
import type { Output } from './output.js';
import type { SaveTarget } from './resume.js';

/**
 * What a run knows about its task, kept up to date by the command, so that an error
 * or an interruption can say which task it concerns and how to resume it.
 */
export interface RunState {
  /** The command's name (`generate`). */
  command: string;
  /** What runs omni where the user is (`omni`, `npx omni`, `node dist/cli.js`). */
  program: string;
  /** The task, once one exists. */
  taskId?: string;
  /** What the run was doing. */
  phase?: 'creating' | 'waiting' | 'downloading';
  /** Where the video is to be saved, for the resume command. */
  save?: SaveTarget;
  /** The task lives on the embedded sandbox, which stops with the command: no resuming. */
  embedded?: boolean;
  /** How long the run waits for the task, in ms, for the timeout message. */
  timeoutMs?: number;
  /** The API's base URL, for connection errors. */
  baseUrl?: string;
  /** The command never sends a request (`omni sandbox`): no "nothing was sent". */
  sendsNothing?: boolean;
}

/** Everything a command runs with. */
export interface Context {
  readonly io: ResolvedIO;
  readonly clock: Clock;
  /** Aborted on Ctrl-C or SIGTERM: pass it to every SDK call. */
  readonly signal: AbortSignal;
  readonly out: Output;
  readonly state: RunState;
  /** The request log of the SDK client (--debug, JIMMYAI_LOG): see src/cli/log.ts. */
  readonly log?: ClientLog | undefined;
}

/** An example in help: the command line, and what it does. */
export interface Example {
  command: string;
  comment?: string;
}

/**
 * A command of `omni`: its help and how it runs.
 *
 * @example
 * export const status = defineCommand({ name: 'status', options: {}, maxPositionals: 1, ... });
 */
export interface Command<O extends OptionSpecs = OptionSpecs> {
  name: string;
  /** One line, for `omni --help`. */
  summary: string;
  /** The usage line(s), without the leading "Usage:". */
  usage: string[];
  /** Paragraphs for `omni <command> --help`. */
  description: string[];
  /** The positionals, for help. */
  arguments?: { name: string; description: string }[];
  options: O;
  maxPositionals: number;
  /** True for a command that never sends a request to the API (`omni sandbox`). */
  sendsNothing?: boolean;
  examples: Example[];
  run(ctx: Context, args: Parsed<O & typeof GLOBAL_OPTIONS>): Promise<number>;
}

/** Keeps a command's flag types for its `run`. */
export function defineCommand<O extends OptionSpecs>(command: Command<O>): Command<O> {
  return command;
}

/** A command of any flags, as the registry holds them. */
// The registry mixes commands of different flags; `main` parses with each one's own.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = Command<any>;
