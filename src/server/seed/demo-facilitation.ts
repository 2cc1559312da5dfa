/**
 * The facilitation part of the demo data set (issue 4): kelompok of each pendamping's active families,
 * a year of monthly P2K2 sessions through the curriculum with attendance (and a few make-ups), home visits
 * and other activities tagged with Ife roles, supporting factors and obstacles, and monthly school
 * attendance (verifikasi pendidikan) of school-age members, and health and kesos checks of those who owe them.
 *
 * Nothing of a family is dated before the first day it was in PKH (`earliestFamilyDate` of its joined year,
 * the bound the services refuse earlier dates with): a family that joined in 2026 is visited in 2026's months
 * and verified from January 2026. Its records are drawn as before and only then kept or moved (a visit's
 * month is drawn among the family's months; a month of verification before it joined, and the follow-up of
 * a low month then, are drawn and dropped), so every other family's records stay as they were.
 *
 * Deterministic: `generateDemoFacilitation` depends only on the demo data set and the seed (its own
 * sfc32 streams, dates from DEMO_REFERENCE_DATE, ids uuidv7(event time + counter, seeded bytes)).
 * `seedDemoFacilitation` writes it set-based through the repositories' batch methods, with each
 * pendamping as the actor.
 *
 * Not identical across engines: the ids the repositories generate themselves with the default random
 * source (family_group_members.id, p2k2_attendance.id, compliance_observations.id). The rows themselves
 * are identical.
 */
import fs from 'node:fs';
import path from 'node:path';
import { earliestFamilyDate } from '../../domain/activities';
import { DEFAULT_COMPLIANCE_RULES, obligationsForMonth } from '../../domain/compliance';
import { uuidv7 } from '../../domain/ids';
import type { CalendarDate, Member } from '../../domain/types';
import { REFERENCE_DIR } from '../db/reference-data';
import type { Database } from '../db/database';
import type { AuditActor } from '../db/repositories/audit.repository';
import type { BatchActivity, NewActivity } from '../db/repositories/activities.repository';
import type { ObservationInput } from '../db/repositories/compliance.repository';
import type { AttendanceStatus, NewGroup, NewSession } from '../db/repositories/groups.repository';
import type { createRepositories } from '../db/repositories/index';
import { SeedBatchRepository } from '../db/repositories/seed-batch.repository';
import { CIMANGGIS_CODE, DEMO_DEFAULT_SEED, DEMO_REFERENCE_DATE, type DemoData, type DemoFamily, DemoRng } from './demo-data';

const CURRICULUM = JSON.parse(fs.readFileSync(path.join(REFERENCE_DIR, 'p2k2-modules.json'), 'utf8')) as { modules: Array<{ code: string; name: string; sessions: string[] }> };

/** The curriculum as one ordered list of (module, session number). */
export const CURRICULUM_ORDER: ReadonlyArray<{ moduleCode: string; moduleName: string; session: number; title: string }> = CURRICULUM.modules.flatMap((m) =>
  m.sessions.map((title, i) => ({ moduleCode: m.code, moduleName: m.name, session: i + 1, title })),
);

/** Groups form on this date; the year of sessions runs from here to the month before DEMO_REFERENCE_DATE. */
export const DEMO_GROUP_START: CalendarDate = '2025-07-01';
export const DEMO_FACILITATION_MONTHS = 12;
const MONTHS: string[] = Array.from({ length: DEMO_FACILITATION_MONTHS }, (_, i) => {
  const y = 2025 + Math.floor((6 + i) / 12);
  const m = ((6 + i) % 12) + 1;
  return `${y}-${String(m).padStart(2, '0')}`;
});

export interface DemoGroupPlan {
  pendamping: string /* username */;
  group: NewGroup;
  members: string[];
  ketuaFamilyId: string;
  startDate: CalendarDate;
}
export interface DemoSessionPlan {
  pendamping: string;
  session: NewSession;
  /** Roles played, tagged on the P2K2 activity of each present family. */
  roles: string[];
  /** Activity ids for the present families' P2K2 activities (ascending). */
  activityIds: string[];
}
export interface DemoActivityPlan {
  pendamping: string;
  activity: NewActivity;
}
export interface DemoFacilitation {
  groups: DemoGroupPlan[];
  sessions: DemoSessionPlan[];
  activities: DemoActivityPlan[];
  observations: Array<{ pendamping: string; month: string; items: ObservationInput[] }>;
}

// ---------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const dayMs = (d: CalendarDate) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const dateOf = (ms: number): CalendarDate => new Date(ms).toISOString().slice(0, 10);
const daysIn = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();

/** Whether a month of the facilitation year is one the family was in PKH (from the month of its first day). */
const inPkh = (f: DemoFamily, month: string) => month >= earliestFamilyDate(f.joinedYear).slice(0, 7);
/** The facilitation months the family was in PKH (the whole year for most; from January for those joining in 2026). */
const monthsOf = (f: DemoFamily) => MONTHS.filter((month) => inPkh(f, month));
/** A day of one of the family's months: a single draw for the month and one for the day, whatever the family. */
function dayOfFamily(rng: DemoRng, f: DemoFamily): CalendarDate | null {
  const months = monthsOf(f);
  const month = months[rng.int(0, Math.max(0, months.length - 1))];
  const day = rng.int(1, daysIn(month ?? MONTHS[0]));
  return month ? `${month}-${String(day).padStart(2, '0')}` : null;
}

const GROUP_NAMES = ['Mawar', 'Melati', 'Anggrek', 'Kenanga', 'Cempaka', 'Dahlia', 'Teratai', 'Seroja', 'Kemuning', 'Flamboyan', 'Bougenville', 'Kamboja', 'Sakura', 'Tulip', 'Lavender', 'Asoka'];
const MEETING_PLACES = ['Rumah ketua kelompok', 'Balai RW {rw}', 'Musholla Al-Ikhlas', 'Posyandu {name}', 'Aula kantor kelurahan', 'Majelis taklim Nurul Huda', 'Pos RW {rw}'];
const IZIN_REASONS = ['Sakit', 'Bekerja', 'Mengantar anak berobat', 'Ada keperluan keluarga', 'Pulang kampung', 'Menjaga orang tua yang sakit', 'Ada acara hajatan keluarga'];
const ABSENT_REASONS = [null, null, 'Tanpa keterangan', 'Tidak dapat dihubungi'];
const SESSION_NOTES = [
  'Peserta aktif bertanya dan berbagi pengalaman sehari-hari.',
  'Ketua kelompok membantu mengumpulkan peserta sebelum pertemuan.',
  'Diskusi kelompok kecil berjalan baik; setiap kelompok menyampaikan hasilnya.',
  'Pertemuan dimulai agak terlambat karena hujan.',
  'Peserta diminta mempraktikkan materi di rumah dan menceritakannya pada pertemuan berikutnya.',
  'Beberapa peserta baru pertama kali berani berbicara di depan kelompok.',
  'Kader posyandu ikut hadir dan menambahkan penjelasan.',
  'Digunakan alat bantu gambar (flipchart) dan permainan peran.',
];
const EDU_ROLE_BY_MODULE: Record<string, string[]> = {
  pengasuhan_pendidikan: ['peningkatan_kesadaran', 'pelatihan'],
  keuangan_usaha: ['pelatihan', 'menyampaikan_informasi'],
  kesehatan_gizi: ['menyampaikan_informasi', 'peningkatan_kesadaran'],
  perlindungan_anak: ['peningkatan_kesadaran', 'menyampaikan_informasi'],
  kesejahteraan_sosial: ['menyampaikan_informasi', 'peningkatan_kesadaran'],
  stunting: ['menyampaikan_informasi', 'pelatihan'],
};

interface ActivityKind {
  type: string;
  roles: readonly string[];
  extraRoles: readonly string[];
  notes: readonly string[];
}
const HOME_VISIT: ActivityKind = {
  type: 'kunjungan_rumah',
  roles: ['dukungan'],
  extraRoles: ['menyampaikan_informasi', 'peningkatan_kesadaran', 'riset', 'pemanfaatan_sumber_daya', 'pengendalian_keuangan', 'animasi_sosial'],
  notes: [
    'Kunjungan rumah rutin; menanyakan kondisi anak sekolah dan rencana penggunaan bantuan.',
    '{kpm} bercerita tentang usaha warung kecilnya; dibahas cara mencatat pemasukan dan pengeluaran.',
    'Memastikan balita rutin ditimbang di posyandu; buku KIA dicek.',
    'KPM belum hadir pada pertemuan kelompok bulan lalu; {kpm} diberi semangat untuk datang.',
    'Membahas persiapan biaya masuk sekolah anak tahun ajaran baru.',
    'Kondisi rumah dan sanitasi diamati; disarankan membuat tempat cuci tangan.',
    'Lansia dalam keluarga dalam kondisi sehat; dijelaskan jadwal posbindu.',
    'KPM menanyakan jadwal pencairan bantuan; dijelaskan tahapannya.',
  ],
};
const OTHER_KINDS: ReadonlyArray<readonly [ActivityKind, number]> = [
  [
    {
      type: 'rujukan',
      roles: ['jaringan_kerja', 'mendapatkan_sumber_daya'],
      extraRoles: ['dukungan', 'hubungan_masyarakat'],
      notes: [
        'Merujuk anak ke puskesmas untuk pemeriksaan gizi kurang.',
        'Merujuk KPM ke Disdukcapil untuk perbaikan data KK.',
        'Merujuk lansia ke posbindu dan layanan BPJS Kesehatan.',
        'Merujuk anak putus sekolah ke PKBM untuk program kejar paket.',
      ],
    },
    30,
  ],
  [
    {
      type: 'advokasi',
      roles: ['advokasi'],
      extraRoles: ['mediasi_negosiasi', 'hubungan_masyarakat', 'jaringan_kerja', 'memanfaatkan_media'],
      notes: [
        'Mendampingi KPM ke sekolah untuk meminta keringanan biaya seragam.',
        'Berkoordinasi dengan kelurahan agar KPM masuk daftar penerima bantuan pangan.',
        'Mengupayakan kepesertaan PBI JK yang tidak aktif bagi keluarga.',
      ],
    },
    15,
  ],
  [
    {
      type: 'respon_kasus',
      roles: ['dukungan', 'mediasi_negosiasi'],
      // No confronting: the Cimanggis study found it absent, and the demo's study view shows that finding.
      extraRoles: ['peningkatan_kesadaran', 'jaringan_kerja', 'berbagi_pengetahuan'],
      notes: [
        'Menindaklanjuti laporan anak tidak bersekolah selama dua minggu.',
        'Menangani keluhan kartu KKS yang terblokir; dilaporkan ke bank penyalur.',
        'Mediasi perselisihan antaranggota kelompok terkait arisan.',
        'Menindaklanjuti dugaan penelantaran lansia bersama RT setempat.',
      ],
    },
    15,
  ],
  [
    {
      type: 'pemutakhiran_data',
      roles: ['menggunakan_komputer', 'manajemen'],
      extraRoles: ['riset', 'presentasi_lisan_tulisan'],
      notes: [
        'Memutakhirkan data anggota keluarga: kelahiran anak baru.',
        'Memperbarui jenjang sekolah anak yang naik ke SMP.',
        'Memutakhirkan alamat KPM yang pindah RT.',
      ],
    },
    20,
  ],
];
const VERIFY_KIND: ActivityKind = {
  type: 'verifikasi',
  roles: ['riset', 'peningkatan_kesadaran'],
  extraRoles: ['dukungan', 'menggunakan_komputer', 'jaringan_kerja'],
  notes: [
    'Verifikasi komitmen pendidikan: kehadiran anak di sekolah bulan lalu di bawah 85%; orang tua diingatkan kewajiban kehadiran.',
    'Verifikasi ke sekolah bersama wali kelas: anak sering terlambat dan beberapa kali tidak masuk.',
    'Verifikasi kehadiran sekolah; anak sempat sakit, dibuat kesepakatan agar kembali rutin bersekolah.',
  ],
};
const FACTORS = ['pendekatan_efektif', 'kedekatan_aparat', 'potensi_kpm', 'kesadaran_kpm', 'ekonomi_membaik'];
const OBSTACLES = ['akses_pendamping_minim', 'perpecahan_politik_internal', 'tekanan_politik_eksternal'];

// ---------------------------------------------------------------------------------------------

export function generateDemoFacilitation(data: DemoData, opts: { seed?: number } = {}): DemoFacilitation {
  const seed = opts.seed ?? DEMO_DEFAULT_SEED;
  const idRng = new DemoRng([seed, 0xfac1]);
  let counter = 0;
  /** Ids born at the event's time (9:00 WIB-ish on its date) plus a counter, so they sort by date. */
  const idAt = (date: CalendarDate) => uuidv7(dayMs(date) + 2 * 3_600_000 + counter++, (n) => idRng.bytes(n));
  const userId = new Map(data.users.map((u) => [u.username, u.id]));
  const pendampings = data.users.filter((u) => u.role === 'pendamping').map((u) => u.username);

  const groups: DemoGroupPlan[] = [];
  const sessions: DemoSessionPlan[] = [];
  const activities: DemoActivityPlan[] = [];
  const observations: DemoFacilitation['observations'] = [];

  const groupStart = dayMs(DEMO_GROUP_START);
  const active = (f: DemoFamily) => f.status === 'aktif';

  // Groups are numbered across the kecamatan: a name does not point at the pendamping behind it (a researcher
  // sees pendamping by pseudonym only).
  let groupNumber = 0;
  pendampings.forEach((username, pi) => {
    const rng = new DemoRng([seed, 0xfac2, pi]);
    const pendampingId = userId.get(username) ?? null;
    const own = data.families.filter((f) => f.pendamping === username && active(f));
    const byKelurahan = new Map<string, DemoFamily[]>();
    for (const f of own) if (dayMs(f.startDate) <= groupStart) byKelurahan.set(f.kelurahanCode, [...(byKelurahan.get(f.kelurahanCode) ?? []), f]);

    // ---- groups ------------------------------------------------------------------------------
    let nameIndex = pi * 2;
    for (const [kelurahan, list] of [...byKelurahan].sort(([a], [b]) => a.localeCompare(b))) {
      if (list.length < 15) continue;
      const shuffled = shuffle(rng, list);
      let n = Math.ceil(shuffled.length / 25);
      while (n > 1 && shuffled.length / n < 15) n--;
      let offset = 0;
      for (let g = 0; g < n; g++) {
        const size = Math.floor(shuffled.length / n) + (g < shuffled.length % n ? 1 : 0);
        const members = shuffled.slice(offset, offset + size);
        offset += size;
        const ketua = members[0];
        const [p, k, c] = kelurahan.split('.');
        const flower = GROUP_NAMES[nameIndex++ % GROUP_NAMES.length];
        const place = rng.pick(MEETING_PLACES).replace('{rw}', ketua.rw).replace('{name}', flower);
        const group: NewGroup = {
          id: idAt('2025-06-20'),
          name: `KPM ${flower} ${++groupNumber}`,
          provinceCode: p,
          kabKotaCode: `${p}.${k}`,
          kecamatanCode: `${p}.${k}.${c}`,
          kelurahanCode: kelurahan,
          pendampingId,
          meetingPlace: place,
        };
        const memberIds = members.map((f) => f.id);
        groups.push({ pendamping: username, group, members: memberIds, ketuaFamilyId: ketua.id, startDate: DEMO_GROUP_START });

        // ---- a year of monthly sessions -------------------------------------------------------
        const reliability = new Map(memberIds.map((id) => [id, rng.triangular(0.6, 0.92, 0.99)]));
        const startAt = rng.int(0, CURRICULUM_ORDER.length - DEMO_FACILITATION_MONTHS);
        const meetingDay = rng.int(6, 18);
        MONTHS.forEach((month, mi) => {
          const step = CURRICULUM_ORDER[startAt + mi];
          const day = Math.min(daysIn(month), Math.max(1, meetingDay + rng.int(-3, 3)));
          const date = `${month}-${String(day).padStart(2, '0')}`;
          const attendance = [...memberIds].sort().map((familyId) => {
            const status: AttendanceStatus = rng.chance(reliability.get(familyId)!) ? 'hadir' : rng.chance(0.6) ? 'izin' : 'tidak_hadir';
            const reason = status === 'izin' ? rng.pick(IZIN_REASONS) : status === 'tidak_hadir' ? rng.pick(ABSENT_REASONS) : null;
            return { familyId, status, reason };
          });
          const present = attendance.filter((a) => a.status === 'hadir').map((a) => a.familyId);
          const roles = ['fasilitasi_kelompok', rng.pick(EDU_ROLE_BY_MODULE[step.moduleCode] ?? ['menyampaikan_informasi'])];
          if (rng.chance(0.3)) roles.push(rng.pick(['animasi_sosial', 'membangun_konsensus', 'berbagi_pengetahuan', 'presentasi_lisan_tulisan']));
          const narrative =
            `Modul ${step.moduleName}, sesi ${step.session}: "${step.title}". ` +
            `Hadir ${present.length} dari ${attendance.length} KPM. ${rng.pick(SESSION_NOTES)}`;
          const id = idAt(date);
          sessions.push({
            pendamping: username,
            session: { id, groupId: group.id, moduleCode: step.moduleCode, session: step.session, date, place: place, narrative, status: 'held', makeupOf: null, attendance },
            roles: [...new Set(roles)],
            activityIds: present.map(() => idAt(date)),
          });

          // A make-up (susulan) for those who missed it, now and then.
          const missed = attendance.filter((a) => a.status !== 'hadir').map((a) => a.familyId);
          const makeupDate = dateOf(dayMs(date) + rng.int(7, 14) * DAY_MS);
          if (missed.length >= 3 && rng.chance(0.15) && makeupDate < DEMO_REFERENCE_DATE) {
            const makeupAttendance = missed.map((familyId) => {
              const status: AttendanceStatus = rng.chance(0.8) ? 'hadir' : rng.chance(0.5) ? 'izin' : 'tidak_hadir';
              return { familyId, status, reason: status === 'izin' ? rng.pick(IZIN_REASONS) : null };
            });
            const makeupPresent = makeupAttendance.filter((a) => a.status === 'hadir').map((a) => a.familyId);
            const makeupId = idAt(makeupDate);
            sessions.push({
              pendamping: username,
              session: {
                id: makeupId,
                groupId: group.id,
                moduleCode: step.moduleCode,
                session: step.session,
                date: makeupDate,
                place: 'Rumah ketua kelompok',
                narrative: `Sesi susulan "${step.title}" bagi KPM yang berhalangan hadir. Hadir ${makeupPresent.length} dari ${missed.length} KPM.`,
                status: 'held',
                makeupOf: id,
                attendance: makeupAttendance,
              },
              roles: ['fasilitasi_kelompok', 'menyampaikan_informasi'],
              activityIds: makeupPresent.map(() => idAt(makeupDate)),
            });
          }
        });
      }
    }

    // ---- home visits and other activities ------------------------------------------------------
    for (const f of own) {
      const visits = rng.weighted([[0, 50], [1, 38], [2, 12]] as const);
      const extra = rng.chance(0.12) ? 1 : 0;
      for (let v = 0; v < visits + extra; v++) {
        const kind = v < visits ? HOME_VISIT : rng.weighted(OTHER_KINDS);
        const date = dayOfFamily(rng, f);
        if (date) activities.push({ pendamping: username, activity: activityFor(rng, kind, f, date, idAt(date)) });
      }
    }

    // ---- verifikasi pendidikan: monthly school attendance of school-age members -----------------
    const children = own.flatMap((f) =>
      f.members.filter((m) => m.schoolLevel === 'sd' || m.schoolLevel === 'smp' || m.schoolLevel === 'sma').map((m) => ({ family: f, member: m, base: rng.chance(0.12) ? rng.int(72, 88) : rng.int(90, 99) })),
    );
    MONTHS.forEach((month, mi) => {
      const items: ObservationInput[] = [];
      for (const c of children) {
        // A month before the family joined PKH is drawn as any other and then dropped with its follow-up,
        // so the draws of every other child stay as they were.
        const owed = inPkh(c.family, month);
        const pct = Math.max(35, Math.min(100, c.base + rng.int(-7, 4)));
        if (owed) items.push({ personId: c.member.id, familyId: c.family.id, kind: 'pendidikan', sub: '', month, data: { attendancePct: pct }, source: 'manual', sourceRef: null });
        // A low month is followed up in the next month, most of the time.
        if (pct < 85 && mi + 1 < MONTHS.length && rng.chance(0.2)) {
          const next = MONTHS[mi + 1];
          const date = `${next}-${String(rng.int(3, 20)).padStart(2, '0')}`;
          const activity = activityFor(rng, VERIFY_KIND, c.family, date, idAt(date));
          if (owed) activities.push({ pendamping: username, activity });
        }
      }
      if (items.length) observations.push({ pendamping: username, month, items });
    });
  });

  // ---- verifikasi kesehatan and kesos: what each member owes in a month (the compliance rules decide),
  // mostly met. A stream of its own, so the rest of the plan stays as it was.
  const health = new DemoRng([seed, 0xfac3]);
  const componentSettings = { lansiaMinAge: 70, earlyChildhoodMaxAgeExclusive: 7 };
  for (const username of pendampings) {
    const byMonth = new Map<string, ObservationInput[]>();
    for (const f of data.families.filter((x) => x.pendamping === username && active(x))) {
      for (const m of f.members) {
        const diligent = health.chance(0.85);
        MONTHS.forEach((month, mi) => {
          for (const o of obligationsForMonth(m as Member, month, DEFAULT_COMPLIANCE_RULES, componentSettings).obligations) {
            if (o.kind === 'pendidikan') continue;
            const met = health.chance(diligent ? 0.96 : 0.6);
            let observation: Record<string, unknown>;
            if (o.kind === 'kesos') observation = { serviceContacts: met ? 1 + health.int(0, 1) : 0 };
            else if (o.sub === 'posyandu') observation = { visits: met ? 1 : 0 };
            else if (o.sub === 'imunisasi') observation = { upToDate: met };
            else if (o.sub === 'anc') observation = { visitsToDate: met ? Math.min(8, 2 + mi) : 0 };
            else continue; // nifas needs a delivery date, which the demo families do not have
            if (!inPkh(f, month)) continue; // drawn as any other month, so the other families' stay as they were
            const list = byMonth.get(month) ?? [];
            list.push({ personId: m.id, familyId: f.id, kind: o.kind, sub: o.kind === 'kesehatan' ? o.sub : '', month, data: observation, source: 'manual', sourceRef: null });
            byMonth.set(month, list);
          }
        });
      }
    }
    for (const month of MONTHS) {
      const items = byMonth.get(month);
      if (items?.length) observations.push({ pendamping: username, month, items });
    }
  }

  // ---- the work families that graduated received before they left: a stream of its own, so the rest of
  // the plan stays as it was. Without it the demo's outcome analytics would show graduated families with no
  // tagged work at all; with it, what they received (more often with an improving economy and an aware
  // KPM among the factors) reads as the field records would.
  const graduated = new DemoRng([seed, 0xfac4]);
  for (const f of data.families.filter((x) => x.status === 'graduasi' && x.pendamping)) {
    const n = graduated.int(2, 4);
    for (let v = 0; v < n; v++) {
      const kind = v === 0 ? HOME_VISIT : graduated.chance(0.5) ? HOME_VISIT : graduated.weighted(OTHER_KINDS);
      const date = dayOfFamily(graduated, f);
      if (!date) continue;
      const activity = activityFor(graduated, kind, f, date, idAt(date));
      if (graduated.chance(0.6)) activity.factors = [...new Set([...(activity.factors ?? []), graduated.pick(['ekonomi_membaik', 'kesadaran_kpm', 'potensi_kpm'])])];
      activities.push({ pendamping: f.pendamping, activity });
    }
  }

  // Activities in date order (then id), as a pendamping would have recorded them.
  activities.sort((a, b) => (a.activity.date < b.activity.date ? -1 : a.activity.date > b.activity.date ? 1 : a.activity.id < b.activity.id ? -1 : 1));
  return { groups, sessions, activities, observations };
}

/** A note may name the family's head (`{kpm}`), as field notes do: the research module pseudonymises it for researchers. */
function activityFor(rng: DemoRng, kind: ActivityKind, family: DemoFamily, date: CalendarDate, id: string): NewActivity {
  const familyId = family.id;
  const kpm = family.members.find((m) => m.relation === 'kepala_keluarga')?.name ?? 'KPM';
  const roles = [...kind.roles];
  if (rng.chance(0.6)) roles.push(rng.pick(kind.extraRoles));
  const factors: string[] = [];
  if (rng.chance(0.55)) factors.push(rng.pick(FACTORS));
  if (rng.chance(0.15)) factors.push(rng.pick(FACTORS));
  const obstacles = rng.chance(0.12) ? [rng.weighted([[OBSTACLES[0], 6], [OBSTACLES[1], 2], [OBSTACLES[2], 2]] as const)] : [];
  return { id, familyId, type: kind.type, date, notes: rng.pick(kind.notes).replace('{kpm}', kpm), location: null, roles: [...new Set(roles)], factors: [...new Set(factors)], obstacles };
}

function shuffle<T>(rng: DemoRng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

export interface FacilitationCounts {
  groups: number;
  groupMembers: number;
  sessions: number;
  makeups: number;
  attendance: number;
  p2k2Activities: number;
  activities: number;
  observations: number;
}

/**
 * How the seed is audited. Per record: the entries the repositories write when a pendamping records the
 * same things one by one (group.create and group.join, p2k2.session_record, activity.create,
 * compliance.observe per family and month), each pendamping as the actor, so a demo family's history
 * reads as it would in use. The batches write them in the same transaction as the rows.
 */
export const DEMO_FACILITATION_AUDIT = 'per_record' as const;

/**
 * Writes the facilitation data set-based, in one transaction: per pendamping (the actor of their own
 * records), their groups with members, their sessions with attendance, the P2K2 activities of the
 * present families, their other activities, and school attendance (one batch per month). Rows are the
 * ones the repositories' one-by-one methods write (change log and audit included); the plan's families
 * and groups are the pendamping's own, so no per-record scope check is made.
 */
export async function seedDemoFacilitation(
  database: Database,
  repos: ReturnType<typeof createRepositories>,
  data: DemoData,
  at: string,
  plan: DemoFacilitation = generateDemoFacilitation(data),
): Promise<FacilitationCounts> {
  const users = new Map(data.users.map((u) => [u.username, u]));
  const actorOf = (username: string): AuditActor => ({ id: users.get(username)!.id, username, role: 'pendamping', ip: null });
  const kelurahanOf = new Map(data.families.map((f) => [f.id, f.kelurahanCode]));
  const kabKotaOf = (kelurahan: string) => kelurahan.split('.').slice(0, 2).join('.');
  const groupOf = new Map(plan.groups.map((g) => [g.group.id, g.group]));
  const counts: FacilitationCounts = { groups: 0, groupMembers: 0, sessions: 0, makeups: 0, attendance: 0, p2k2Activities: 0, activities: 0, observations: 0 };
  const usernames = [...new Set(plan.groups.map((g) => g.pendamping).concat(plan.activities.map((a) => a.pendamping), plan.observations.map((o) => o.pendamping)))].sort();

  await database.db.transaction().execute(async (trx) => {
    const batch = new SeedBatchRepository(trx);
    for (const username of usernames) {
      const actor = actorOf(username);
      const groups = plan.groups.filter((g) => g.pendamping === username);
      const g = await batch.insertGroups(groups, actor, at, (familyId) => kelurahanOf.get(familyId) ?? null, DEMO_FACILITATION_AUDIT, trx);
      counts.groups += g.groups;
      counts.groupMembers += g.members;

      const sessions = plan.sessions.filter((s) => s.pendamping === username);
      const s = await batch.insertSessions(
        sessions.map(({ session }) => {
          const group = groupOf.get(session.groupId);
          if (!group) throw new Error(`demo session ${session.id}: unknown group ${session.groupId}`);
          return { session, kabKotaCode: group.kabKotaCode, kelurahanCode: group.kelurahanCode };
        }),
        actor,
        at,
        DEMO_FACILITATION_AUDIT,
        trx,
      );
      counts.sessions += s.sessions;
      counts.attendance += s.attendance;
      counts.makeups += sessions.filter((x) => x.session.makeupOf).length;

      // The P2K2 activity of each present family: the plan's ids in the attendance's (family id) order.
      const p2k2: BatchActivity[] = sessions.flatMap(({ session, roles, activityIds }) => {
        const present = session.attendance.filter((a) => a.status === 'hadir').map((a) => a.familyId);
        if (present.length !== activityIds.length) throw new Error(`demo session ${session.id}: ${present.length} present, ${activityIds.length} activity ids`);
        return present.map((familyId, i) => {
          const kelurahan = kelurahanOf.get(familyId)!;
          return {
            id: activityIds[i]!,
            familyId,
            type: 'p2k2',
            date: session.date,
            notes: null,
            location: null,
            roles,
            factors: [],
            obstacles: [],
            groupId: session.groupId,
            p2k2SessionId: session.id,
            pendampingId: actor.id,
            kabKotaCode: kabKotaOf(kelurahan),
            kelurahanCode: kelurahan,
          };
        });
      });
      counts.p2k2Activities += await repos.activities.insertMany(p2k2, actor, at, DEMO_FACILITATION_AUDIT, trx);

      const own: BatchActivity[] = plan.activities
        .filter((a) => a.pendamping === username)
        .map(({ activity }) => {
          const kelurahan = kelurahanOf.get(activity.familyId);
          if (!kelurahan) throw new Error(`demo activity ${activity.id}: unknown family`);
          return { ...activity, pendampingId: actor.id, kabKotaCode: kabKotaOf(kelurahan), kelurahanCode: kelurahan };
        });
      counts.activities += await repos.activities.insertMany(own, actor, at, DEMO_FACILITATION_AUDIT, trx);

      for (const o of plan.observations) {
        if (o.pendamping !== username) continue;
        await repos.compliance.upsert(o.items, actor, at, (familyId) => kelurahanOf.get(familyId) ?? null, trx);
        counts.observations += o.items.length;
      }
    }
  });
  return counts;
}
