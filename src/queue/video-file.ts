/**
 * Saving a job's video where it belongs.
 *
 * `download` writes a temporary file beside its destination and removes it on any
 * failure, but a worker killed mid-download cannot remove anything. So a job downloads
 * into a folder of its own beside the destination (`.<name>.partial/`), which its next
 * attempt, on whichever worker, empties first: what a dead worker left is swept by the
 * job itself, and nothing partial ever sits among the finished videos.
 *
 * Whether the body is a video at all is `download`'s to say, in one place: it refuses an
 * error page or an API envelope sent with HTTP 200, by its content type or by how its
 * body begins, and the job is retried.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Which job a staging folder belongs to (its `job.json`), for the sweep. */
export interface StagingOwner {
  /** BullMQ's `queueQualifiedName`. */
  queue: string;
  id: string;
}

/** The staging folder of the video saved at `path`. */
export const stagingOf = (path: string): string =>
  join(dirname(path), `.${basename(path)}.partial`);

/**
 * Runs `download` into the job's staging folder (emptied first, and labelled with its
 * owner), then moves the video to `path`. On any failure nothing is left.
 */
export async function saveVideo<T extends { path: string }>(
  path: string,
  download: (staged: string) => Promise<T>,
  owner?: StagingOwner,
): Promise<T> {
  const staging = stagingOf(path);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  if (owner) await writeFile(join(staging, 'job.json'), JSON.stringify(owner));
  try {
    const saved = await download(join(staging, basename(path)));
    await rename(saved.path, path);
    return { ...saved, path };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Removes the staging folders in `dir` of jobs of `queue` that `finished` says are over
 * (a worker killed mid-download, then the job failed without another attempt, e.g. it
 * stalled too often). Folders of other queues, or without an owner, are left alone.
 */
export async function sweepStaging(
  dir: string,
  queue: string,
  finished: (id: string) => Promise<boolean>,
): Promise<string[]> {
  const removed: string[] = [];
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!(name.startsWith('.') && name.endsWith('.partial'))) continue;
    const folder = join(dir, name);
    const owner = await readFile(join(folder, 'job.json'), 'utf8')
      .then((text) => JSON.parse(text) as StagingOwner)
      .catch(() => undefined);
    if (owner?.queue !== queue || !(await finished(owner.id))) continue;
    await rm(folder, { recursive: true, force: true });
    removed.push(folder);
  }
  return removed;
}
