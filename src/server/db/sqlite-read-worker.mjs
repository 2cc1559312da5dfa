// A reading thread over a SQLite database file (sqlite-readers.ts): answers the rows of each read-only
// statement it is sent, one at a time, on a read-only connection of its own. Plain JavaScript: it needs no
// TypeScript, so it starts in milliseconds.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const db = new SQLite(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 10000');
db.pragma(`cache_size = -${1024 * workerData.cacheMb}`);
db.pragma('temp_store = MEMORY');
// No memory map: the main connection maps the file already, and each mapping would count again in the process's resident memory.
db.pragma('mmap_size = 0');
const statements = new Map();

parentPort.on('message', (m) => {
  if (m.close) {
    db.close();
    parentPort.close();
    return;
  }
  try {
    let statement = statements.get(m.sql);
    if (!statement) {
      statement = db.prepare(m.sql);
      if (!statement.reader) throw new Error('not a read-only statement');
      statements.set(m.sql, statement);
    }
    // Rows as arrays of values with the column names once: cheaper to copy between threads than objects,
    // which carry their keys in every row.
    const columns = statement.columns().map((c) => c.name);
    parentPort.postMessage({ id: m.id, columns, rows: statement.raw(true).all(...m.parameters) });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
