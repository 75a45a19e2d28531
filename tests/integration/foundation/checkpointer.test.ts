import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../server/db/database.js';
import { startCheckpointer } from '../../../server/db/checkpointer.js';

const dirs: string[] = [];
const dbs: Db[] = [];
function freshDb(): { db: Db; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hcpv-ckpt-'));
  dirs.push(dir);
  const file = join(dir, 'state.db');
  const db = openDatabase(file);
  dbs.push(db);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  return { db, file };
}
const writeMany = (db: Db, n: number) => {
  const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
  for (let i = 0; i < n; i++) db.transaction(() => ins.run('x'.repeat(2000)))();
};
const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('WAL checkpointer (worker thread)', () => {
  it('turns off checkpoints in commits and moves the WAL into the database from the worker', async () => {
    const { db, file } = freshDb();
    const ckpt = startCheckpointer(db, { intervalMs: 50 });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = statSync(file).size;
    writeMany(db, 3000); // ~6 MB: far past the 1,000 pages where a commit would checkpoint
    // With checkpoints off in the commits, only the worker can have moved the data into the file.
    await until(() => ckpt.stats.checkpoints > 0 && statSync(file).size > before + 5_000_000);
    expect(ckpt.stats.failed).toBe(false);
    await ckpt.stop();
    // Stopped with a TRUNCATE checkpoint: the WAL is empty and commits checkpoint again.
    expect(statSync(`${file}-wal`).size).toBe(0);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 3000 });
  });

  it('gives checkpoints back to the commits when the worker dies', async () => {
    const { db, file } = freshDb();
    const errors: Error[] = [];
    // The database's folder is gone (the open connection keeps its file): the worker cannot open it.
    rmSync(join(file, '..'), { recursive: true, force: true });
    const ckpt = startCheckpointer(db, { intervalMs: 50, onError: (e) => errors.push(e) });
    await until(() => ckpt.stats.failed);
    expect(errors).toHaveLength(1);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });
});
