/**
 * Saving a job's video where it belongs.
 *
 * `download` writes a temporary file beside its destination and removes it on any
 * failure, but a worker killed mid-download cannot remove anything. So a job downloads
 * into a folder of its own beside the destination (`.<name>.partial/`), which its next
 * attempt, on whichever worker, empties first: what a dead worker left is swept by the
 * job itself, and nothing partial ever sits among the finished videos.
 *
 * `download` also saves whatever body a 200 answer carries: a host that answers an error
 * page (or an API envelope) with HTTP 200 would leave that page under the video's name.
 * The API's videos are MP4 files, which open with an ISO BMFF `ftyp` box; anything else
 * stays out.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Runs `download` into the job's staging folder (emptied first); moves the video to
 * `path` only when it is an MP4. `undefined` when it was not (nothing is left).
 */
export async function saveVideo<T extends { path: string }>(
  path: string,
  download: (staged: string) => Promise<T>,
): Promise<T | undefined> {
  const staging = join(dirname(path), `.${basename(path)}.partial`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    const saved = await download(join(staging, basename(path)));
    if (!(await startsLikeMp4(saved.path))) return undefined;
    await rename(saved.path, path);
    return { ...saved, path };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function startsLikeMp4(path: string): Promise<boolean> {
  const head = Buffer.alloc(8);
  const file = await open(path, 'r');
  try {
    await file.read(head, 0, 8, 0);
  } finally {
    await file.close();
  }
  return head.toString('latin1', 4, 8) === 'ftyp';
}
