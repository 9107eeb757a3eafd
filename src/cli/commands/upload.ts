/**
 * `omni upload FILE...`: upload local files and print their URLs. Also the upload
 * step of `generate` and `create`, whose `--image`/`--video` take local files.
 */
import { escaped, type Omni, type UploadResult, ValidationError } from '../../index.js';
import { defineCommand, type Context } from '../command.js';
import { connect, offlineClient } from '../connect.js';
import { ExitCode } from '../exit-codes.js';
import { formatBytes } from '../format.js';
import type { InputIssue } from '../usage-error.js';
import { throwIfIssues } from '../usage-error.js';

/**
 * Checks a local file as the upload will (it exists, its extension, its size),
 * adding each problem to `issues` under `where`. Nothing is sent.
 *
 * @example
 * await checkLocalFile('./cat.png', '--image', issues);
 */
export async function checkLocalFile(path: string, where: string, issues: InputIssue[]) {
  try {
    await offlineClient().files.check(path);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // A rule of the upload (it has a source) names the file; a file that cannot be
    // read is named by its own message already.
    for (const issue of error.issues)
      issues.push({ where, message: issue.source ? `${path} ${issue.message}` : issue.message });
  }
}

/**
 * Uploads one file, with its progress on stderr (every quarter), and an `uploaded`
 * event with --json.
 *
 * @example
 * const { url } = await uploadWithProgress(ctx, conn.omni, './cat.png');
 */
export async function uploadWithProgress(
  ctx: Context,
  omni: Omni,
  path: string,
): Promise<UploadResult> {
  let announced = false;
  let quarters = 0;
  const uploaded = await omni.files.upload(path, {
    signal: ctx.signal,
    onProgress: (sent, total) => {
      if (!announced) ctx.out.info(`Uploading ${path} (${formatBytes(total)})...`);
      announced = true;
      const done = Math.floor((4 * sent) / total);
      if (done <= quarters || done >= 4) return;
      quarters = done;
      ctx.out.info(`  ${done * 25}% of ${formatBytes(total)}`);
    },
  });
  ctx.out.info(escaped`Uploaded ${path}: ${uploaded.url}`);
  ctx.out.event('uploaded', { file: path, upload: uploaded });
  return uploaded;
}

/**
 * `omni upload FILE...`: one URL per line on stdout (with --json, one `uploaded` event each).
 *
 * @example
 * await main(['upload', 'cat.png'], io); // stdout: https://...
 */
export const upload = defineCommand({
  name: 'upload',
  summary: 'Upload local images or videos and print their URLs',
  usage: ['omni upload FILE... [--json]'],
  description: [
    'Uploads each file and prints its public URL on stdout, one per line, for --image or --video (which also ' +
      'take a local file directly and upload it first). At most 100 MB each, with the extensions the API ' +
      'documents (.jpg .jpeg .png .gif .webp .bmp .svg, .mp4 .mov .avi .webm .mkv .m4v .flv, .mp3 .wav .aac ' +
      '.m4a .flac .ogg); every file is checked before anything is sent. The URL may be signed: use it within ' +
      'about 3 days. Needs JIMMYAI_API_KEY.',
  ],
  arguments: [{ name: 'FILE...', description: 'The files to upload' }],
  options: {},
  maxPositionals: 1000,
  examples: [
    { command: 'omni upload cat.png' },
    {
      command: 'omni generate --prompt "it wakes up" --image ./cat.png --mode frame --out cat.mp4',
      comment: 'or let generate upload it',
    },
    { command: 'omni upload a.png b.png --json | jq -r .upload.url' },
  ],
  async run(ctx, { positionals, issues }) {
    if (positionals.length === 0)
      issues.push({ where: 'FILE', message: 'is required: at least one file to upload' });
    for (const path of positionals) await checkLocalFile(path, path, issues);
    throwIfIssues(issues);
    const conn = await connect(ctx);
    for (const path of positionals) {
      const uploaded = await uploadWithProgress(ctx, conn.omni, path);
      ctx.out.data(uploaded.url);
    }
    return ExitCode.Success;
  },
});
