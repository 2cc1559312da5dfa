/**
 * `titian keys rotate [--reencrypt-only] [--retire]`: a new encryption key for NIK and No. KK, every stored
 * value re-encrypted under it, and (--retire) the old keys dropped, but only once nothing uses them any more.
 *
 * Retiring is the one step that cannot be undone: a value still under a retired key is lost. So --retire
 * first runs the whole re-encryption pass (the tables, the row reports of imports, data-update proposals and
 * the staging files of unfinished imports and dry runs), then counts what still uses a key to be retired,
 * and refuses, naming it, while anything does.
 */
import type { Kysely } from 'kysely';
import { openConfiguredDatabase, contextFor, prepareDatabase, protectionFor } from '../server/bootstrap';
import { loadConfig } from '../server/config';
import { type AuditActor, SYSTEM_ACTOR } from '../server/db/repositories/audit.repository';
import { KK_PURPOSE, NIK_PURPOSE } from '../server/db/repositories/families.repository';
import type { DB } from '../server/db/schema';
import { type FieldCipher, fieldKeyId, loadFieldKeys, retirePreviousFieldKeys, rotateFieldKeyFiles } from '../server/security/field-cipher';
import { reencryptStagingFiles, type StagingKeyUse } from '../server/services/registry-import.service';
import { CliError, refuseExtraArguments } from './cli-support';
import type { Command } from './commands';

const CLI_ACTOR: AuditActor = { ...SYSTEM_ACTOR, username: 'cli' };
/** The purpose data-update proposals are encrypted with (db/repositories/data-updates.repository.ts). */
const DATA_UPDATE_PURPOSE = 'data_update';

/** Encrypted columns outside `persons` and `families` (which the families repository re-encrypts). */
const OTHER_COLUMNS = [
  { table: 'import_rows', keys: ['job_id', 'line'], column: 'kk_number', purpose: KK_PURPOSE },
  { table: 'import_rows', keys: ['job_id', 'line'], column: 'nik', purpose: NIK_PURPOSE },
  { table: 'data_update_proposals', keys: ['id'], column: 'patch_enc', purpose: DATA_UPDATE_PURPOSE },
] as const;

/** Every encrypted column, for the count of values still under a key to retire. */
const ALL_COLUMNS = [
  { table: 'persons', column: 'nik' },
  { table: 'families', column: 'kk_number' },
  ...OTHER_COLUMNS.map(({ table, column }) => ({ table, column })),
] as const;

/**
 * Re-encrypts one column's values that are not under the current key, a page at a time, each value only if
 * it is unchanged meanwhile (a concurrent write already used the current key).
 */
async function reencryptColumn(db: Kysely<DB>, cipher: FieldCipher, target: (typeof OTHER_COLUMNS)[number]): Promise<number> {
  const current = `enc:v1:${cipher.currentKeyId}:%`;
  let done = 0;
  let last: Record<string, unknown> | null = null;
  const orderKeys = target.keys as readonly string[];
  for (;;) {
    let q = db
      .selectFrom(target.table as never)
      .select([...orderKeys, `${target.column} as value`] as never)
      .where(target.column as never, 'like', 'enc:%' as never)
      .where(target.column as never, 'not like', current as never);
    if (last) {
      const l = last;
      q = orderKeys.length === 1
        ? q.where(orderKeys[0] as never, '>', l[orderKeys[0]!] as never)
        : q.where((eb: any) => eb.or([eb(orderKeys[0], '>', l[orderKeys[0]!]), eb.and([eb(orderKeys[0], '=', l[orderKeys[0]!]), eb(orderKeys[1], '>', l[orderKeys[1]!])])]));
    }
    const rows = (await q.orderBy(orderKeys as never).limit(1000).execute()) as Array<Record<string, unknown> & { value: string }>;
    if (rows.length === 0) break;
    last = rows[rows.length - 1]!;
    await db.transaction().execute(async (trx) => {
      for (const r of rows) {
        const fresh = cipher.encrypt(cipher.decrypt(r.value, target.purpose), target.purpose);
        let u = trx.updateTable(target.table as never).set({ [target.column]: fresh } as never).where(target.column as never, '=', r.value as never);
        for (const k of orderKeys) u = u.where(k as never, '=', r[k] as never);
        const res = await u.executeTakeFirst();
        done += Number(res.numUpdatedRows);
      }
    });
  }
  return done;
}

/** Values stored under each of `keyIds`, per column (only the columns that have some). */
async function storedUnderKeys(db: Kysely<DB>, keyIds: string[]): Promise<Array<{ where: string; n: number }>> {
  const out: Array<{ where: string; n: number }> = [];
  for (const { table, column } of ALL_COLUMNS) {
    let n = 0;
    for (const id of keyIds) {
      const r = await db
        .selectFrom(table as never)
        .select((eb: any) => eb.fn.countAll().as('n'))
        .where(column as never, 'like', `enc:v1:${id}:%` as never)
        .executeTakeFirstOrThrow();
      n += Number((r as { n: number | string }).n);
    }
    if (n > 0) out.push({ where: `${table}.${column}`, n });
  }
  return out;
}

/** The staging files that keep a key from being retired: held by a process staging them, or still under an old key. */
function blockingStaging(uses: StagingKeyUse[]): StagingKeyUse[] {
  // A job stopped while staging stages its file again from the start (under the current key): only a live one counts.
  return uses.filter((u) => u.busy || (u.stale > 0 && u.status !== 'staging'));
}

export const keysRotate: Command = {
  summary: 'Mengganti kunci enkripsi NIK/No. KK dan mengenkripsi ulang (rotate the encryption key)',
  help: `titian keys rotate [--reencrypt-only] [--retire]

Membuat kunci enkripsi baru di <TITIAN_DATA_DIR>/keys/encryption.key (kunci lama disimpan di
encryption-previous.keys), lalu mengenkripsi ulang semua NIK dan No. KK dengan kunci baru, per halaman,
aman saat server berjalan: data KPM, laporan baris impor, usulan perubahan data, dan berkas staging impor
yang belum selesai atau uji coba (dry run). --retire menghapus kunci lama setelah semuanya terenkripsi ulang
(jalankan setelah semua server dimulai ulang); ditolak selama masih ada yang memakai kunci lama, mis. impor
yang sedang membaca berkasnya. Bila kunci dari TITIAN_ENCRYPTION_KEY: pindahkan kunci lama ke
TITIAN_ENCRYPTION_KEY_PREVIOUS, pasang kunci baru, mulai ulang, lalu jalankan dengan --reencrypt-only.
Makes a new encryption key (the old one kept as previous), then re-encrypts every NIK and No. KK with it,
page by page, safe while the server runs: families, import row reports, data-update proposals and the
staging files of unfinished imports and dry runs. --retire drops old keys once nothing uses them, and
refuses while anything still does. With keys in the environment, set the new key yourself and run
--reencrypt-only. See docs/security.md.`,
  options: { 'reencrypt-only': { type: 'boolean' }, retire: { type: 'boolean' } },
  async run(values, positionals) {
    refuseExtraArguments(positionals);
    const config = loadConfig();
    if (!values['reencrypt-only'] && !values.retire) {
      const r = rotateFieldKeyFiles(config.dataDir);
      console.log(`kunci baru (new key) ${r.newKeyId}; kunci lama (previous) ${r.previousKeyIds.join(', ') || '-'}`);
    }
    const database = openConfiguredDatabase(config);
    try {
      await prepareDatabase(database);
      const protection = protectionFor(config);
      const ctx = contextFor(config, database, protection);
      const tty = process.stderr.isTTY;
      const done = await ctx.repos.families.reencryptIdentifiers(CLI_ACTOR, (d) => {
        if (tty) process.stderr.write(`\rdienkripsi ulang: ${d.persons} NIK, ${d.families} No. KK`);
      });
      if (tty) process.stderr.write('\r\x1b[K');
      let others = 0;
      for (const target of OTHER_COLUMNS) others += await reencryptColumn(database.db, protection.cipher, target);
      const staging = await reencryptStagingFiles(ctx);
      const staged = staging.reduce((n, u) => n + u.reencrypted, 0);
      console.log(
        `dienkripsi ulang (re-encrypted): ${done.persons} NIK, ${done.families} No. KK, ${others} nilai lain (other values), ${staged} nilai staging impor (staged import values) dengan kunci ${protection.cipher.currentKeyId}`,
      );
      for (const u of staging.filter((x) => x.busy)) {
        console.error(`berkas staging impor ${u.fileName} (job ${u.jobId}) sedang dipakai proses lain, tidak dienkripsi ulang (staging file in use by another process, not re-encrypted)`);
      }
      if (values.retire) {
        const current = protection.cipher.currentKeyId;
        const retiring = [...new Set(loadFieldKeys(config.dataDir).previous.map(fieldKeyId))].filter((id) => id !== current);
        const blocking = blockingStaging(staging);
        if (blocking.length > 0) {
          const jobs = blocking.map((u) => `${u.fileName} (job ${u.jobId}${u.dryRun ? ', uji coba / dry run' : ''}${u.busy ? ', sedang dibaca / being read' : ''})`).join('; ');
          throw new CliError(
            `kunci lama tidak dihapus: impor yang belum selesai masih memakainya: ${jobs}; selesaikan impor itu (jalankan lagi titian import registry FILE, atau tunggu sampai selesai), lalu ulangi titian keys rotate --retire ` +
              `(old keys not retired: unfinished imports still use them; finish them by running titian import registry FILE again, or wait for them to end, then run titian keys rotate --retire again)`,
          );
        }
        const stored = await storedUnderKeys(database.db, retiring);
        if (stored.length > 0) {
          const where = stored.map((s) => `${s.where}=${s.n}`).join(', ');
          throw new CliError(
            `kunci lama tidak dihapus: masih ada nilai dengan kunci lama (${where}), mungkin ditulis proses lain selama pengenkripsian ulang; mulai ulang server lalu ulangi titian keys rotate --retire ` +
              `(old keys not retired: values still use them, written meanwhile by another process; restart the servers and run titian keys rotate --retire again)`,
          );
        }
        const removed = retirePreviousFieldKeys(config.dataDir, []);
        console.log(`kunci lama dihapus (old keys retired): ${removed}`);
      }
      return 0;
    } finally {
      await database.close();
    }
  },
};
