import { describe, expect, it } from 'vitest';
import { GRADUATION_STATES } from '../../../domain/graduation/workflow';
import { t } from '../../../shared/i18n';
import type { HistoryEntry } from '../../data/types';
import type { TFunction } from '../../i18n/I18nProvider';
import { historyAction, historyDetail, newestFirst } from './history';

/**
 * Every action the server writes against a family (`familyId` set in its audit entry; `grep -rn "familyId"
 * src/server` finds them). A new one added there belongs here, with its words in history.ts.
 */
const FAMILY_ACTIONS = [
  'family.create',
  'family.update',
  'family.assign',
  'family.status',
  'family.read_sensitive',
  'family.search_identifier',
  'family.members_moved_out',
  'snapshot.freeze',
  'activity.create',
  'activity.update',
  'activity.delete',
  'attachment.create',
  'attachment.delete',
  'compliance.observe',
  'group.join',
  'group.leave',
  'sanction.decide',
  'sanction.revoke',
  'data_update.propose',
  'data_update.confirm',
  'data_update.reject',
  'data_update.withdraw',
  'case_plan.goal_add',
  'case_plan.goal_change',
  'case_plan.task_add',
  'case_plan.task_change',
  'referral.create',
  'referral.change',
  'assessment.create',
  'graduation.followup',
  ...GRADUATION_STATES.map((s) => `graduation.${s}`),
  'pena_income.record',
  'research.copy_refresh',
  'research.copy_withdraw',
  'research.document_create',
  'research.document_read_identifiers',
  'sync.read_sensitive',
  'sync.conflict_resolve',
];

const trIn = (lang: 'id' | 'en'): TFunction => ((key: string, params?: Record<string, string | number>) => t(lang, key, params)) as TFunction;
const entry = (action: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null): HistoryEntry =>
  ({ seq: 1, at: '2026-07-10T03:00:00Z', actor: 'pendamping01', actorRole: 'pendamping', action, before, after }) as HistoryEntry;

describe('family history in words', () => {
  it('names every action written against a family, in Indonesian and in English, never by its code', () => {
    for (const lang of ['id', 'en'] as const) {
      const tr = trIn(lang);
      for (const action of FAMILY_ACTIONS) {
        const label = historyAction(tr, action);
        expect(label, `${lang} ${action}`).not.toContain(action);
        expect(label, `${lang} ${action}`).not.toMatch(/^(Tindakan|Action):/);
      }
    }
  });

  it('a graduation step names the stage; an unknown action still shows its code', () => {
    const tr = trIn('id');
    expect(historyAction(tr, 'graduation.statement_signed')).toBe('Graduasi: Surat pernyataan ditandatangani');
    expect(historyAction(tr, 'graduation.exited')).toMatch(/^Graduasi: /);
    expect(historyAction(tr, 'something.new')).toBe('Tindakan: something.new');
    expect(historyAction(trIn('en'), 'group.join')).toBe('Joined a P2K2 group');
  });

  it('names the fields a change changed in words, and none for a creation or a membership', () => {
    const tr = trIn('id');
    expect(historyDetail(tr, entry('family.update', { address: 'Jl. A', rt: '01' }, { address: 'Jl. B', rt: '01' }))).toBe('Diubah: alamat');
    expect(historyDetail(tr, entry('case_plan.goal_change', { status: 'open', closed_at: null }, { status: 'achieved', closed_at: '2026-07-10T03:00:00Z' }))).toBe('Diubah: status');
    expect(historyDetail(tr, entry('group.join', null, { startDate: '2026-07-01' }))).toBeNull();
    expect(historyDetail(tr, entry('family.create', null, { kkNumber: '3276********0003', address: 'Jl. A' }))).toBeNull();
    expect(historyDetail(tr, entry('family.read_sensitive', null, { fields: ['nik', 'kkNumber', 'pregnant'] }))).toBe('Dibuka: NIK, No. KK, kehamilan');
    // A field the catalogue has no word for is named as the API names it.
    expect(historyDetail(tr, entry('referral.change', { extra: 1 }, { extra: 2 }))).toBe('Diubah: extra');
  });

  it('a status change says from what to what', () => {
    expect(historyDetail(trIn('id'), entry('family.status', { status: 'aktif' }, { status: 'graduasi' }))).toBe('Status: Aktif → Graduasi');
    expect(historyDetail(trIn('en'), entry('family.status', { status: 'aktif' }, { status: 'graduasi' }))).toBe('Status: Active → Graduated');
  });
});

describe('newestFirst', () => {
  const entry = (seq: number, at: string): HistoryEntry => ({ seq, at, actor: null, actorRole: null, action: 'family.update', before: null, after: null });
  it('orders by time, newest first; the number breaks ties; an unreadable time goes last', () => {
    const items = [entry(1, '2026-07-10T00:00:00Z'), entry(4, 'bad'), entry(3, '2026-07-01T00:00:00Z'), entry(2, '2026-07-14T00:00:00Z'), entry(5, '2026-07-14T00:00:00Z')];
    expect(newestFirst(items).map((e) => e.seq)).toEqual([5, 2, 1, 3, 4]);
    expect(items.map((e) => e.seq)).toEqual([1, 4, 3, 2, 5]);
  });
});
