/**
 * Demo research data (issue 9): one synthetic interview transcript with a pendamping of Cimanggis
 * (demo-transcript.txt, written for the demo: the four groups of Ife's roles but no confrontation, the five
 * supporting factors, the three sources of obstacles; it names two KPM of pendamping01 and carries a NIK-like
 * number, so pseudonymisation has work to do), coded by two coders (the koordinator kecamatan on the original
 * text, the peneliti on the pseudonymised one; they disagree on a few passages so kappa is not trivial),
 * the peneliti's categories with relations, core category, storyline and a memo, and the notes of the last
 * demo month collected as documents. Everything goes through the research service, as a user would.
 */
import { readFileSync } from 'node:fs';
import { toPseudonymised } from '../../domain/evidence/pseudonymise';
import type { Role } from '../../domain/types';
import { loadConfig } from '../config';
import { type AppContext, createContext } from '../context';
import type { Database } from '../db/database';
import type { Scope } from '../db/scope';
import type { IdentityProtection } from '../security/protection';
import { addSegment, collectNotes, parseMap, createCategory, createDocument, createMemo, createRelation, listCodes, setCore } from '../services/research.service';

export const DEMO_TRANSCRIPT_TITLE = 'Wawancara pendamping Cimanggis (sintetis)';
/** A NIK-like number in the transcript (not any demo person's). */
export const DEMO_TRANSCRIPT_NIK = '3276024107850002';
/** The month of notes collected for the demo. */
export const DEMO_COLLECT_PERIOD = { from: '2026-06-01', to: '2026-06-30' } as const;

export function demoTranscriptTemplate(): string {
  return readFileSync(new URL('./demo-transcript.txt', import.meta.url), 'utf8');
}

/** Passages of the transcript and the code each coder gave them (null: not coded by that coder). */
export const DEMO_CODING: ReadonlyArray<readonly [passage: string, koordinator: string | null, peneliti: string | null]> = [
  ['Saya membuka pertemuan, mengajak ibu-ibu bercerita dulu, baru masuk ke modul.', 'fasilitasi_kelompok', 'fasilitasi_kelompok'],
  ['saya tanya langsung pendapatnya', 'animasi_sosial', 'animasi_sosial'],
  ['kami duduk bersama dan mencari jalan tengah sampai keduanya setuju', 'mediasi_negosiasi', 'mediasi_negosiasi'],
  ['disepakati bersama dalam pertemuan berikutnya', 'membangun_konsensus', 'mediasi_negosiasi'],
  ['mendengarkan keluhan mereka, memberi semangat kalau sedang susah', 'dukungan', 'dukungan'],
  ['Saya jelaskan hak dan kewajiban sebagai peserta PKH', 'menyampaikan_informasi', 'menyampaikan_informasi'],
  ['menumbuhkan kesadaran bahwa bantuan ini sementara', 'peningkatan_kesadaran', 'peningkatan_kesadaran'],
  ['Saya juga melatih cara mencatat pemasukan dan pengeluaran warung.', 'pelatihan', 'pengendalian_keuangan'],
  ['saya dampingi ke sekolah atau ke PKBM', 'jaringan_kerja', 'mendapatkan_sumber_daya'],
  ['memperjuangkan supaya beberapa KPM masuk daftar penerima bantuan pangan', 'advokasi', 'advokasi'],
  ['Dengan puskesmas, sekolah, RT dan RW, lurah, juga beberapa bank penyalur.', 'jaringan_kerja', 'jaringan_kerja'],
  ['Pak lurah sering mengundang kami di musyawarah kelurahan', 'kedekatan_aparat', 'kedekatan_aparat'],
  ['Saya bantu KPM menyiapkan proposal sederhana.', 'mendapatkan_sumber_daya', 'mendapatkan_sumber_daya'],
  ['saya minta kelurahan memuatnya di media sosial mereka supaya warga lain tahu', 'memanfaatkan_media', 'memanfaatkan_media'],
  ['Saya presentasikan berapa keluarga yang sudah graduasi dan apa kendalanya, pakai data dari laporan bulanan.', 'presentasi_lisan_tulisan', 'hubungan_masyarakat'],
  ['Setiap bulan saya memutakhirkan data di aplikasi', 'menggunakan_komputer', 'menggunakan_komputer'],
  ['Saya juga mengatur jadwal kunjungan supaya semua KPM terjangkau', 'manajemen', 'manajemen'],
  ['membantu KPM menghitung uang belanja dan tabungan', 'pengendalian_keuangan', 'pengendalian_keuangan'],
  ['Kalau pendamping sabar, datang dengan hormat, mau mendengarkan, KPM jadi percaya dan mau berubah.', 'pendekatan_efektif', 'pendekatan_efektif'],
  ['RT dan lurah ikut mendorong, jadi KPM merasa diperhatikan.', 'kedekatan_aparat', 'kedekatan_aparat'],
  ['memang ada KPM yang punya potensi', 'potensi_kpm', 'potensi_kpm'],
  ['ingin mundur karena merasa sudah mampu', 'kesadaran_kpm', 'kesadaran_kpm'],
  ['pendapatan naik, akhirnya siap keluar', 'ekonomi_membaik', 'ekonomi_membaik'],
  ['Sekarang warung kelontongnya berjalan', null, 'ekonomi_membaik'],
  ['akses saya terbatas', 'akses_pendamping_minim', 'akses_pendamping_minim'],
  ['Sering saya sudah mengajukan rujukan, tapi programnya tidak ada atau kuotanya habis.', 'akses_pendamping_minim', null],
  ['Menjelang pemilihan, kelompok bisa terpecah.', 'perpecahan_politik_internal', 'perpecahan_politik_internal'],
  ['Ketua kelompok pernah memakai pertemuan untuk kampanye', 'perpecahan_politik_internal', 'perpecahan_politik_internal'],
  ['Ada tekanan dari tokoh politik setempat.', 'tekanan_politik_eksternal', 'tekanan_politik_eksternal'],
];

export interface DemoResearchUser {
  id: string;
  username: string;
  role: Role;
  regionCode: string | null;
}

export async function seedDemoResearch(database: Database, protection: IdentityProtection, users: readonly DemoResearchUser[]): Promise<{ documents: number; segments: number } | null> {
  const ctx: AppContext = createContext({ database, config: loadConfig({}), protection });
  const find = (username: string) => users.find((u) => u.username === username);
  const k = find('korcam.cimanggis');
  const p = find('peneliti');
  const pendamping = find('pendamping01');
  if (!k || !p || !pendamping) return null;
  const scopeOf = (u: DemoResearchUser): Scope => ({ userId: u.id, username: u.username, role: u.role, regionCode: u.regionCode, via: 'system' });
  const korcam = scopeOf(k);
  const peneliti = scopeOf(p);

  // Two KPM of pendamping01 by name (the heads of their first families), and the pendamping's own name.
  const heads = await database.db
    .selectFrom('families')
    .innerJoin('family_members', 'family_members.family_id', 'families.id')
    .innerJoin('persons', 'persons.id', 'family_members.person_id')
    .select(['persons.name', 'persons.sex'])
    .where('families.pendamping_id', '=', pendamping.id)
    .where('families.status', '=', 'aktif')
    .where('family_members.relation', '=', 'kepala_keluarga')
    .where('family_members.end_date', 'is', null)
    .orderBy('families.id')
    .limit(40)
    .execute();
  const woman = heads.find((h) => h.sex === 'P');
  const other = heads.find((h) => h !== woman);
  const display = await database.db.selectFrom('users').select('display_name').where('id', '=', pendamping.id).executeTakeFirst();
  const text = demoTranscriptTemplate()
    .replaceAll('{pendamping}', display?.display_name ?? 'Pendamping')
    .replaceAll('{kpm1}', `Ibu ${woman?.name ?? 'Sumiati'}`)
    .replaceAll('{kpm2}', other ? `${other.sex === 'P' ? 'Ibu' : 'Bapak'} ${other.name}` : 'Bapak Karta')
    .replaceAll('{nik}', DEMO_TRANSCRIPT_NIK);
  const doc = await createDocument(ctx, korcam, { title: DEMO_TRANSCRIPT_TITLE, text });

  const codes = new Map((await listCodes(ctx, korcam, 'id')).codes.map((c) => [c.code, c.id]));
  // Passages are found in the original; the peneliti's offsets are those of the pseudonymised text they code.
  const stored = (await ctx.repos.research.document(korcam, doc.id))!;
  const spans = parseMap(stored.pseudonym_map).spans;
  let segments = 0;
  for (const [who, column] of [
    [korcam, 1],
    [peneliti, 2],
  ] as const) {
    for (const row of DEMO_CODING) {
      const code = row[column];
      if (!code) continue;
      const start = stored.text.indexOf(row[0]);
      if (start < 0) throw new Error(`demo transcript lacks the passage: ${row[0]}`);
      const end = start + row[0].length;
      const at = who === peneliti ? { start: toPseudonymised(start, spans, 'start'), end: toPseudonymised(end, spans, 'end') } : { start, end };
      await addSegment(ctx, who, doc.id, { ...at, codeId: codes.get(code)! });
      segments++;
    }
  }

  const roles = await createCategory(ctx, peneliti, {
    name: 'Peran pendamping yang dijalankan',
    description: 'Peran Ife yang muncul dalam kerja pendamping: fasilitatif, edukasional (tanpa konfrontasi), representasional dan teknis.',
    codeIds: ['fasilitasi_kelompok', 'dukungan', 'mediasi_negosiasi', 'peningkatan_kesadaran', 'menyampaikan_informasi', 'advokasi', 'jaringan_kerja', 'menggunakan_komputer'].map((c) => codes.get(c)!),
  });
  const factors = await createCategory(ctx, peneliti, {
    name: 'Faktor pendukung graduasi',
    codeIds: ['pendekatan_efektif', 'kedekatan_aparat', 'potensi_kpm', 'kesadaran_kpm', 'ekonomi_membaik'].map((c) => codes.get(c)!),
  });
  const obstacles = await createCategory(ctx, peneliti, {
    name: 'Hambatan graduasi',
    description: 'Dari pendamping, dari dalam kelompok KPM, dan dari luar kelompok.',
    codeIds: ['akses_pendamping_minim', 'perpecahan_politik_internal', 'tekanan_politik_eksternal'].map((c) => codes.get(c)!),
  });
  await createRelation(ctx, peneliti, { fromCategoryId: factors.id, toCategoryId: roles.id, label: 'memperkuat' });
  await createRelation(ctx, peneliti, { fromCategoryId: obstacles.id, toCategoryId: roles.id, label: 'membatasi' });
  await setCore(ctx, peneliti, {
    categoryId: roles.id,
    storyline:
      'Pendamping mendorong graduasi terutama lewat peran fasilitatif dan edukasional yang sabar; kedekatan dengan aparat dan kesadaran KPM memperkuatnya, sedangkan akses yang terbatas dan tekanan politik menahannya. Peran konfrontasi hampir tidak muncul.',
  });
  await createMemo(ctx, peneliti, {
    documentId: doc.id,
    text: 'Informan menghindari teguran keras ("kalau ditegur keras, mereka malah menjauh"): konfrontasi tidak dijalankan, sesuai temuan studi.',
  });

  const collected = await collectNotes(ctx, korcam, { ...DEMO_COLLECT_PERIOD });
  return { documents: 1 + collected.added, segments };
}
