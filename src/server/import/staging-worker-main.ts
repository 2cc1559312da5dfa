/**
 * The body of the registry import's reading thread (see staging-reader.ts): reads and checks the file in
 * batches and posts them to the import's thread, never more than two ahead of it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RegistryFileError } from './registry-reader';
import { type CheckOptions, checkedBatchesInline, type WorkerMessage } from './staging-reader';

const port = parentPort!;
const { filePath, opts } = workerData as { filePath: string; opts: CheckOptions };
const post = (m: WorkerMessage) => port.postMessage(m);

let credits = 2;
let wake: (() => void) | null = null;
port.on('message', () => {
  credits++;
  const w = wake;
  wake = null;
  w?.();
});

try {
  for await (const batch of checkedBatchesInline(filePath, opts)) {
    while (credits === 0) await new Promise<void>((r) => (wake = r));
    credits--;
    post({ type: 'batch', batch });
  }
  post({ type: 'end' });
} catch (e) {
  if (e instanceof RegistryFileError) post({ type: 'file-error', code: e.code, params: e.params });
  else post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
}
port.removeAllListeners('message');
