#!/usr/bin/env node
// @ts-check
/**
 * `npm run docs [-- --output path.html]`: writes the spec as one self-contained HTML
 * page (default docs/index.html). Redoc is inlined (`--inlineBundle`, no script from
 * a CDN) and telemetry is off (redocly.yaml and the environment), so the page
 * renders offline and phones nowhere.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const flag = process.argv.indexOf('--output');
const output = resolve(
  flag > -1 && process.argv[flag + 1] ? process.argv[flag + 1] : join(root, 'docs', 'index.html'),
);

execFileSync(
  join(root, 'node_modules', '.bin', 'redocly'),
  ['build-docs', 'spec/openapi.yaml', '--inlineBundle', '--output', output],
  {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  },
);
// Redoc 3 hard-codes its attribution logo as an image on cdn.redoc.ly, which would
// make every reader's browser call a third-party host. The page must reach no host,
// so the logo becomes an empty inline image (the "API docs by" credit stays).
const EMPTY_SVG = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E";
const html = readFileSync(output, 'utf8').replace(
  /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g,
  EMPTY_SVG,
);
writeFileSync(output, html);
console.log(`docs written to ${output}`);
