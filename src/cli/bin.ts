#!/usr/bin/env node
/**
 * The `omni` executable (the package's `bin`, built to dist/cli.js). Wires the real
 * process to `main`: streams, environment, and signals. The first Ctrl-C aborts what
 * is in flight and lets `main` say how to resume; a second one exits at once.
 */
import { processIO } from './io.js';
import { main } from './main.js';

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    controller.abort(signal);
  });
}
// `omni ... | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2), { ...processIO(), signal: controller.signal });
