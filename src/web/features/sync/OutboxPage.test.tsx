/** The outbox page's sentence for each kind of edit (`summary.label`), graduation work included, in both languages. */
import { describe as suite, expect, it } from 'vitest';
import { localizeCurriculum } from '../../../domain/p2k2';
import { fillTemplate, type Lang, t } from '../../../shared/i18n';
import { graduationMessages } from '../../../shared/i18n/catalog/graduation';
import { syncMessages } from '../../../shared/i18n/catalog/sync';
import type { P2k2Curriculum } from '../../data/groups';
import { makeFormat } from '../../i18n/I18nProvider';
import { describe, refusedAsSentBefore } from './OutboxPage';

const sentence = (lang: Lang, entity: string, label: string, curriculum?: P2k2Curriculum) =>
  describe((key, params) => t(lang, key, params), makeFormat(lang), { entity, summary: { label } }, undefined, curriculum && localizeCurriculum(curriculum, lang));

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
  it('an assessment: its criteria set and date', () => {
    expect(sentence('id', 'assessment', 'assessment:pkh-default:2026-05-17')).toMatch(/^Asesmen kesiapan graduasi \(pkh-default\), .*2026/);
    expect(sentence('en', 'assessment', 'assessment:pkh-default:2026-05-17')).toMatch(/^Graduation readiness assessment \(pkh-default\), .*2026/);
  });

  it('a graduation step: the state it moves to', () => {
    expect(sentence('id', 'graduation_transition', 'graduation:assessed')).toBe('Langkah graduasi: sudah diases');
    expect(sentence('en', 'graduation_transition', 'graduation:statement_signed')).toBe('Graduation step: statement signed');
    // A state this version does not name: its code, readable.
    expect(sentence('en', 'graduation_transition', 'graduation:some_new_state')).toBe('Graduation step: some new state');
  });

  it('the other kinds are unchanged', () => {
    expect(sentence('id', 'compliance_observation', 'compliance:posyandu:2026-05')).toBe('Verifikasi posyandu, 2026-05');
    expect(sentence('en', 'family', 'family:x')).toBe('Change to family');
    // A proposal's kind in words, not its code.
    expect(sentence('id', 'data_update', 'data_update:pindah_keluar')).toBe('Usulan perubahan data (anggota pindah keluar)');
    expect(sentence('en', 'data_update', 'data_update:alamat')).toBe('Proposed change of the family (new address)');
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
      expect(text, lang).toMatch(lang === 'id' ? /dari perangkat lain atau oleh orang lain.*koordinator akan memilih/ : /from another device or by someone else.*coordinator will choose/);
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
