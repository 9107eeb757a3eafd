/**
 * Resumable downloads: the bytes a video host sends for one saved video, as a multiple
 * of the video's size, when the connection drops at 30 %, 60 % and 90 % of it (and at
 * all three in one download). Resume on (the default: `Range` from the bytes written,
 * `If-Range` with the ETag) against the baseline measured in the same run, resume off
 * (`maxResumes: 0`): the download fails at the cut and the caller downloads again from
 * byte 0, which is what every peer SDK does. Counted at the host (test/helpers/video-host.ts),
 * on loopback. Every saved file is checked byte for byte.
 *
 *   node scripts/run-ts.mjs bench/resume.ts [--mb 20]
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DownloadError, Omni } from '../src/index.js';
import { videoBytes, videoHost } from '../test/helpers/video-host.js';
import { table, verdict } from './table.js';

const i = process.argv.indexOf('--mb');
const MB = i >= 0 && Number(process.argv[i + 1]) > 0 ? Number(process.argv[i + 1]) : 20;
const SIZE = Math.round(MB * 1_000_000);
const VIDEO = videoBytes(SIZE);
const omni = new Omni({ apiKey: 'sk_bench_resume_0123456789', baseUrl: 'https://api.invalid' });
const dir = await mkdtemp(join(tmpdir(), 'omni-bench-resume-'));

/** Bytes sent ÷ size for one saved video with the host cutting at `cuts`. */
async function measure(cuts: number[], resume: boolean): Promise<number> {
  const host = await videoHost({
    video: () => VIDEO,
    cuts: cuts.map((at) => Math.round(SIZE * at)),
  });
  const dest = join(dir, `${resume ? 'on' : 'off'}-${cuts.join('-')}.mp4`);
  try {
    // Off: each failed call is followed by a new one from byte 0, until the video is saved.
    for (let attempt = 0; ; attempt++) {
      const saved = await omni.videos
        .download(host.url, dest, resume ? {} : { maxResumes: 0 })
        .then(
          () => true,
          (error: unknown) => {
            if (!(error instanceof DownloadError) || attempt > cuts.length) throw error;
            return false;
          },
        );
      if (saved) break;
    }
    if (!(await readFile(dest)).equals(VIDEO)) throw new Error(`${dest} is not the video`);
    return host.bytesSent() / SIZE;
  } finally {
    await rm(dest, { force: true });
    await host.close();
  }
}

const CASES: [string, number[]][] = [
  ['30 %', [0.3]],
  ['60 %', [0.6]],
  ['90 %', [0.9]],
  ['30, 60 and 90 %', [0.3, 0.6, 0.9]],
];
const rows: string[][] = [];
let worst = 0;
try {
  for (const [label, cuts] of CASES) {
    const off = await measure(cuts, false);
    const on = await measure(cuts, true);
    worst = Math.max(worst, on);
    rows.push([
      label,
      `${off.toFixed(3)}×`,
      `${on.toFixed(3)}×`,
      `${((on / off) * 100).toFixed(0)} %`,
    ]);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

console.log(`Bytes fetched ÷ video size, a ${MB} MB video over loopback, connection dropped at:\n`);
console.log(table(['cut at', 'resume off (baseline)', 'resume on', 'on ÷ off'], rows));
console.log(
  `\nTarget: under 1.2× with resume on, at every cut: ${verdict(worst < 1.2)} (worst ${worst.toFixed(3)}×).`,
);
