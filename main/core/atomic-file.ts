// Writes a small file so that a crash mid-write leaves the old or the new text, never half of one:
// temp file, fsync, rename, fsync of the folder. For settings, window bounds, autostart entries, the demo log.
import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Numbers each write's temp file: two writes of one path at once must not share (and garble) one. */
let writes = 0;

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  writes += 1;
  const temp = `${path}.${process.pid}-${writes}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  // Make the rename itself durable; not possible on Windows, where opening a folder fails.
  const folder = await open(dirname(path), 'r').catch(() => null);
  await folder?.sync().catch(() => undefined);
  await folder?.close();
}
