/** The outbox page's sentence for each kind of edit (`summary.label`), graduation work included, in both languages. */
import { describe as suite, expect, it } from 'vitest';
import { localizeCurriculum } from '../../../domain/p2k2';
import { fillTemplate, type Lang, t } from '../../../shared/i18n';
import { graduationMessages } from '../../../shared/i18n/catalog/graduation';
import { syncMessages } from '../../../shared/i18n/catalog/sync';
import { SYNC_ENTITIES, type SyncEntity } from '../../../shared/schemas/sync';
import type { P2k2Curriculum } from '../../data/groups';
import { makeFormat } from '../../i18n/I18nProvider';
import { describe, refusedAsSentBefore } from './OutboxPage';

const sentence = (lang: Lang, entity: string, label: string, curriculum?: P2k2Curriculum, more: { data?: Record<string, unknown>; setName?: (code: string) => string | undefined } = {}) =>
  describe((key, params) => t(lang, key, params), makeFormat(lang), { entity, summary: { label }, data: more.data }, undefined, curriculum && localizeCurriculum(curriculum, lang), more.setName);

const curriculum: P2k2Curriculum = {
  modules: [
    {
      code: 'stunting',
      name: 'Kesehatan dan gizi: pencegahan stunting',
      en: 'Health and nutrition: preventing stunting',
      sessions: Array.from({ length: 12 }, (_, i) => (i === 10 ? 'Makanan bergizi untuk balita' : `Sesi ${i + 1}`)),
      sessionsEn: Array.from({ length: 12 }, (_, i) => (i === 10 ? 'Nutritious food for toddlers' : `Session ${i + 1}`)),
    },
  ],
};

suite('outbox sentences', () => {
  it('an assessment: its criteria set by name when the phone holds it (never its code), and the date', () => {
    const setName = (code: string) => (code === 'pkh-default' ? 'Kriteria graduasi PKH' : undefined);
    expect(sentence('id', 'assessment', 'assessment:pkh-default:2026-12-07', undefined, { setName })).toBe('Asesmen kesiapan graduasi (Kriteria graduasi PKH), 7 Desember 2026');
    expect(sentence('en', 'assessment', 'assessment:pkh-default:2026-12-07', undefined, { setName })).toBe('Graduation readiness assessment (Kriteria graduasi PKH), 7 December 2026');
    // A set the phone does not hold: left out.
    expect(sentence('id', 'assessment', 'assessment:pkh-default:2026-12-07')).toBe('Asesmen kesiapan graduasi, 7 Desember 2026');
    expect(sentence('en', 'assessment', 'assessment:pkh-2027:2026-12-07', undefined, { setName })).toBe('Graduation readiness assessment, 7 December 2026');
  });

  it('a compliance check: the commitment and the check in words, the month as “November 2026”', () => {
    const label = 'compliance:kesehatan:2026-11';
    expect(sentence('id', 'compliance_observation', label, undefined, { data: { kind: 'kesehatan', sub: 'posyandu', month: '2026-11' } })).toBe('Verifikasi kesehatan — Posyandu (penimbangan), November 2026');
    expect(sentence('en', 'compliance_observation', label, undefined, { data: { kind: 'kesehatan', sub: 'posyandu', month: '2026-11' } })).toBe('Health check — Posyandu (weighing), November 2026');
    expect(sentence('id', 'compliance_observation', 'compliance:kesos:2026-05', undefined, { data: { kind: 'kesos' } })).toBe('Verifikasi kesejahteraan sosial (kesos), Mei 2026');
    expect(sentence('en', 'compliance_observation', 'compliance:kesos:2026-05')).toBe('Social welfare (kesos) check, May 2026');
  });

  it('a graduation step: the state it moves to', () => {
    expect(sentence('id', 'graduation_transition', 'graduation:assessed')).toBe('Langkah graduasi: sudah diases');
    expect(sentence('en', 'graduation_transition', 'graduation:statement_signed')).toBe('Graduation step: statement signed');
    // A state this version does not name: its code, readable.
    expect(sentence('en', 'graduation_transition', 'graduation:some_new_state')).toBe('Graduation step: some new state');
  });

  it('the other kinds are unchanged', () => {
    expect(sentence('en', 'family', 'family:x')).toBe('Change to the family data');
    expect(sentence('id', 'family', 'family:x')).toBe('Perubahan data keluarga');
    expect(sentence('en', 'something_new', 'something_new:x')).toBe('A change of data');
    // A proposal's kind in words, not its code.
    expect(sentence('id', 'data_update', 'data_update:pindah_keluar')).toBe('Usulan perubahan data (anggota pindah keluar)');
    expect(sentence('en', 'data_update', 'data_update:alamat')).toBe('Proposed change of the family (new address)');
  });
});

suite('every kind of edit waiting on the phone, in both languages', () => {
  // Each entity a phone pushes, with the summary label (and data) the phone gives it: codes in every slot.
  const ITEMS: Record<SyncEntity, { label: string; data?: Record<string, unknown> }> = {
    activity: { label: 'activity:kunjungan_rumah:2026-11-07' },
    p2k2_session: { label: 'p2k2:keuangan_keluarga:2:2026-11-07' },
    p2k2_attendance: { label: 'p2k2_attendance:01900000-0000-7000-8000-000000000001' },
    assessment: { label: 'assessment:pkh-default:2026-12-07' },
    graduation_transition: { label: 'graduation:statement_signed' },
    family: { label: 'family:01900000-0000-7000-8000-000000000002' },
    compliance_observation: { label: 'compliance:kesehatan:2026-11', data: { memberId: 'm3', kind: 'kesehatan', sub: 'posyandu', month: '2026-11' } },
    data_update: { label: 'data_update:pindah_keluar' },
  };

  it('says each without a snake_case code, a YYYY-MM month, a criteria set’s code or (in English) an Indonesian kind code', () => {
    expect(Object.keys(ITEMS).sort()).toEqual([...SYNC_ENTITIES].sort());
    for (const lang of ['id', 'en'] as Lang[]) {
      for (const entity of SYNC_ENTITIES) {
        const text = sentence(lang, entity, ITEMS[entity].label, undefined, { data: ITEMS[entity].data });
        expect(text, `${entity} (${lang})`).not.toMatch(/[a-z0-9]_[a-z0-9]/i);
        expect(text, `${entity} (${lang})`).not.toMatch(/\d{4}-\d{2}/);
        expect(text, `${entity} (${lang})`).not.toMatch(/pkh-default|[0-9a-f]{8}-/);
        expect(text, `${entity} (${lang})`).not.toBe('');
        // (An activity's type is named by the phone's reference data, in OutboxRow; without it, its code readable.)
        if (lang === 'en') expect(text, entity).not.toMatch(/kesehatan|pindah|Perubahan|Verifikasi|Asesmen/);
      }
    }
  });
});

suite('a P2K2 session waiting to be sent', () => {
  it('is named by the curriculum’s module and session, in the interface’s language, not by its codes', () => {
    expect(sentence('en', 'p2k2_session', 'p2k2:stunting:11:2026-07-14', curriculum)).toBe('P2K2 session Health and nutrition: preventing stunting no. 11 (Nutritious food for toddlers), 14 July 2026');
    expect(sentence('id', 'p2k2_session', 'p2k2:stunting:11:2026-07-14', curriculum)).toMatch(/^Pertemuan P2K2 Kesehatan dan gizi: pencegahan stunting sesi 11 \(Makanan bergizi untuk balita\), 14 Jul/);
  });

  it('falls back to its code, readable, only when the curriculum does not know it (or is not on the phone)', () => {
    expect(sentence('en', 'p2k2_session', 'p2k2:keuangan_keluarga:2:2026-07-14', curriculum)).toBe('P2K2 session keuangan keluarga no. 2, 14 July 2026');
    expect(sentence('en', 'p2k2_session', 'p2k2:stunting:11:2026-07-14')).toBe('P2K2 session stunting no. 11, 14 July 2026');
    // A session number past the module's list: the module by name, the number alone.
    expect(sentence('en', 'p2k2_session', 'p2k2:stunting:13:2026-07-14', curriculum)).toBe('P2K2 session Health and nutrition: preventing stunting no. 13, 14 July 2026');
  });
});

suite('a graduation step in conflict, as the phone is told', () => {
  it('says the case changed on the server and the coordinator decides: no version, no “someone else” for sure, no retry', () => {
    for (const lang of ['id', 'en'] as Lang[]) {
      // What the server embeds as `details` when the phone's step was based on an older version of the case.
      const details = fillTemplate(graduationMessages['graduation.transition.stale']![lang], { version: 4 });
      const text = fillTemplate(syncMessages['sync.conflict.transition']![lang], { details });
      expect(text, lang).not.toMatch(/4|versi|version|Muat ulang|ulangi|Reload|try again/i);
      expect(text, lang).toMatch(lang === 'id' ? /dari perangkat lain atau oleh orang lain.*koordinator akan memilih/ : /from another device or by someone else.*koordinator will choose/);
    }
    // Online, where reloading does make sense, the refusal is unchanged.
    expect(fillTemplate(graduationMessages['graduation.transition.stale']!.en, { version: 4 })).toBe('Someone else changed this graduation case (now version 4). Reload and try again.');
  });
});

suite('a changed visit refused', () => {
  it('is said to have reached the server first only when refused as existing (either language)', () => {
    expect(refusedAsSentBefore({ amends: 'm1', status: 'refused', reason: 'Data dengan id ini sudah ada.' })).toBe(true);
    expect(refusedAsSentBefore({ amends: 'm1', status: 'refused', reason: 'A record with this id exists already.' })).toBe(true);
    expect(refusedAsSentBefore({ amends: 'm1', status: 'refused', reason: 'Keluarga ini di luar wilayah Anda' })).toBe(false);
    expect(refusedAsSentBefore({ status: 'refused', reason: 'Data dengan id ini sudah ada.' })).toBe(false);
    expect(refusedAsSentBefore({ amends: 'm1', status: 'pending' })).toBe(false);
  });
});
