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
// so the logo becomes an inline wordmark: "API docs by Redocly", credit kept. (An
// empty image had no size, and the badge's text wrapped into three stacked words.)
const WORDMARK =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='44' height='12' viewBox='0 0 44 12'%3E" +
  "%3Ctext x='0' y='10' font-family='sans-serif' font-size='11' font-weight='600' fill='%23334'%3ERedocly%3C/text%3E%3C/svg%3E";
// The badge's text and logo on one line, whatever the sidebar's width.
const BADGE_STYLE =
  '<style>a[href="https://redocly.com/redoc/"]{display:inline-flex;align-items:center;gap:4px;white-space:nowrap}' +
  'a[href="https://redocly.com/redoc/"] p{margin:0;white-space:nowrap}</style>';
const html = readFileSync(output, 'utf8')
  .replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g, WORDMARK)
  .replace('</head>', `${BADGE_STYLE}</head>`);
writeFileSync(output, html);
console.log(`docs written to ${output}`);
