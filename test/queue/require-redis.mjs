#!/usr/bin/env node
// @ts-check
/**
 * `npm run test:queue` needs a real Redis server. Without one on PATH, it stops here
 * with one line saying what to install, instead of a page of connection errors.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const found = (process.env.PATH ?? '').split(delimiter).some((dir) => {
  try {
    accessSync(join(dir, 'redis-server'), constants.X_OK);
    return true;
  } catch {
    return false;
  }
});
if (!found) {
  console.error(
    "test:queue needs a Redis server: install Debian's redis-server (apt-get install -y redis-server); none is on PATH.",
  );
  process.exit(1);
}
