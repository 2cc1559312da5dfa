/** The outbox page's sentence for each kind of edit (`summary.label`), graduation work included, in both languages. */
import { describe as suite, expect, it } from 'vitest';
import { type Lang, t } from '../../../shared/i18n';
import { makeFormat } from '../../i18n/I18nProvider';
import { describe, refusedAsSentBefore } from './OutboxPage';

const sentence = (lang: Lang, entity: string, label: string) => describe((key, params) => t(lang, key, params), makeFormat(lang), { entity, summary: { label } });

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

suite('a changed visit refused', () => {
  it('is said to have reached the server first only when refused as existing (either language)', () => {
    expect(refusedAsSentBefore({ amends: 'm1', status: 'refused', reason: 'Data dengan id ini sudah ada.' })).toBe(true);
    expect(refusedAsSentBefore({ amends: 'm1', status: 'refused', reason: 'A record with this id exists already.' })).toBe(true);
    expect(refusedAsSentBefore({ amends: 'm1', status: 'refused', reason: 'Keluarga ini di luar wilayah Anda' })).toBe(false);
    expect(refusedAsSentBefore({ status: 'refused', reason: 'Data dengan id ini sudah ada.' })).toBe(false);
    expect(refusedAsSentBefore({ amends: 'm1', status: 'pending' })).toBe(false);
  });
});
