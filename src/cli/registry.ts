/** Every command of `omni`, in the order help lists them. */
import type { AnyCommand } from './command.js';
import { create } from './commands/create.js';
import { download } from './commands/download.js';
import { generate } from './commands/generate.js';
import { sandbox } from './commands/sandbox.js';
import { status } from './commands/status.js';
import { upload } from './commands/upload.js';
import { wait } from './commands/wait.js';

/** The commands, by name. */
export const COMMANDS: readonly AnyCommand[] = [
  generate,
  create,
  status,
  wait,
  download,
  upload,
  sandbox,
];

/** The command called `name`, if any. */
export function findCommand(name: string): AnyCommand | undefined {
  return COMMANDS.find((c) => c.name === name);
}
