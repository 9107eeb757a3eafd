/**
 * A last look at a saved video before a job reports it done. `download` saves whatever
 * body a 200 answer carries, complete; a host that answers an error page (or an API
 * envelope) with HTTP 200 would leave that page under the video's name. The API's videos
 * are MP4 files, which open with an ISO BMFF `ftyp` box.
 */
import { open, rm } from 'node:fs/promises';

/** Whether `path` starts like an MP4 file; when it does not, it is removed. */
export async function keepIfMp4(path: string): Promise<boolean> {
  const head = Buffer.alloc(12);
  const file = await open(path, 'r');
  try {
    await file.read(head, 0, 12, 0);
  } finally {
    await file.close();
  }
  if (head.toString('latin1', 4, 8) === 'ftyp') return true;
  await rm(path, { force: true });
  return false;
}
