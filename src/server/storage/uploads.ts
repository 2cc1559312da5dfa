/**
 * Uploaded files on disk, under `<data dir>/uploads/` (contract: TITIAN_DATA_DIR holds "the SQLite
 * database, keys and uploads"). A file is named by its storage key (the attachment's UUID), written to a
 * temporary name first and renamed, so a reader never sees half a file; files and the folder are private
 * to the server's user (0600 / 0700).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function uploadsDir(dataDir: string): string {
  return path.join(dataDir, 'uploads');
}

/** The file of a key; refuses anything that is not a plain UUID (no path can be smuggled in). */
function fileOf(dataDir: string, key: string): string {
  if (!KEY.test(key)) throw new RangeError('invalid storage key');
  return path.join(uploadsDir(dataDir), key);
}

/** Writes the bytes under the key: temporary file (0600), flushed, then renamed into place. */
export async function saveUpload(dataDir: string, key: string, data: Buffer): Promise<void> {
  const target = fileOf(dataDir, key);
  await fsp.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fsp.open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (e) {
    await handle.close().catch(() => undefined);
    await fsp.rm(temp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    await fsp.rename(temp, target);
  } catch (e) {
    await fsp.rm(temp, { force: true });
    throw e;
  }
}

/** A stream of the stored file, or null when the file is missing. */
export async function openUpload(dataDir: string, key: string): Promise<{ stream: Readable; size: number } | null> {
  const file = fileOf(dataDir, key);
  try {
    const handle = await fsp.open(file, 'r');
    const { size } = await handle.stat();
    return { stream: handle.createReadStream(), size };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** The stored bytes, or null when the file is missing. */
export async function readUpload(dataDir: string, key: string): Promise<Buffer | null> {
  try {
    return await fsp.readFile(fileOf(dataDir, key));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Removes a stored file (a write the database then refused); a missing file is fine. */
export async function removeUpload(dataDir: string, key: string): Promise<void> {
  await fsp.rm(fileOf(dataDir, key), { force: true });
}

/** Whether the file exists (tests, diagnostics). */
export function uploadExists(dataDir: string, key: string): boolean {
  return fs.existsSync(fileOf(dataDir, key));
}
