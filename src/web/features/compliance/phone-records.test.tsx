/**
 * After a contested check (the phone recorded 2 posyandu visits offline for a month the koordinator recorded 0
 * online; the phone synced, the server kept its own and put both in the conflict inbox), the family page shows the
 * server's result for the month and, beside it, that the phone's own record waits for the koordinator's decision;
 * a record not sent yet is said too; nothing for another family, another month, or another user of the phone.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../api/client';
import type { ObservationInput } from '../../data/compliance';
import { SyncEngine } from '../../sync/engine';
import { LocalStore, type OutboxItem } from '../../sync/local-store';
import { uuidv7 } from '../../sync/uuid';
import { fakeComplianceData, fakeComplianceState, makeComplianceResult } from '../../test/fake-compliance';
import { demoUser, FakeData } from '../../test/fake-data';
import { cleanup, renderApp, waitFor } from '../../test/helpers';
import { currentQuarter, monthsOfQuarter } from './periods';

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

const closers: Array<() => void> = [];
afterEach(() => {
  cleanup();
  while (closers.length) closers.pop()?.();
});

/** A pendamping's phone (its server away: the family page reads FakeData, as the answers seen last online). */
async function phone() {
  const store = await LocalStore.open(`phone-records-${uuidv7()}`);
  const engine = new SyncEngine({
    store,
    api: new ApiClient({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    }),
    appVersion: 'test',
  });
  await engine.start(demoUser, { online: false });
  closers.push(() => {
    engine.stop();
    store.close();
  });
  return { store, engine };
}

function observationItem(input: ObservationInput, over: Partial<OutboxItem> = {}): OutboxItem {
  return {
    id: uuidv7(),
    userId: demoUser.id,
    entity: 'compliance_observation',
    op: 'create',
    recordId: uuidv7(),
    familyId: 'fam-0001',
    data: { ...input },
    createdAt: '2026-07-10T02:00:00.000Z',
    status: 'pending',
    attempts: 0,
    summary: { familyId: 'fam-0001', label: `compliance:${input.kind}:${input.month}` },
    ...over,
  };
}

describe('the phone’s own compliance record beside the month’s result', () => {
  it('says the record waits for the koordinator’s decision where the month reads “Tidak memenuhi”', async () => {
    const { store, engine } = await phone();
    const period = currentQuarter();
    const [first, second] = monthsOfQuarter(period) as [string, string, string];
    // The server's result: the koordinator's record (0 visits) makes the month not compliant.
    const data = new FakeData();
    const state = fakeComplianceState();
    const result = makeComplianceResult(period);
    const health = result.items.find((i) => i.memberId === 'm2' && i.kind === 'kesehatan')!;
    health.months[0] = { month: first, attendancePct: null, compliant: false, reasons: ['Kunjungan posyandu 0 kali.'] };
    state.results[`fam-0001|${period}`] = result;
    Object.assign(data, fakeComplianceData(state));

    // The phone's record of that month came back as a conflict; another (next month) is not sent yet.
    const contested = observationItem({ memberId: 'm2', kind: 'kesehatan', sub: 'posyandu', month: first, observation: { visits: 2 } }, { status: 'conflict', reason: 'Bulan ini sudah punya catatan…', attempts: 1 });
    const waiting = observationItem({ memberId: 'm2', kind: 'kesehatan', sub: 'posyandu', month: second, observation: { visits: 1 } });
    // Not this family's, and not this user's: never said here.
    const elsewhere = observationItem({ memberId: 'm2', kind: 'kesehatan', sub: 'posyandu', month: second, observation: { visits: 5 } }, { familyId: 'fam-0002', summary: { familyId: 'fam-0002', label: 'x' }, status: 'conflict' });
    const otherUser = observationItem({ memberId: 'm2', kind: 'kesehatan', sub: 'posyandu', month: first, observation: { visits: 7 } }, { userId: '0190a000-0000-7000-8000-0000000000ff', status: 'conflict' });
    for (const i of [contested, waiting, elsewhere, otherUser]) await store.enqueue(i);
    await engine.refreshCounts();

    const { container } = await renderApp({ data, path: '/keluarga/fam-0001', sync: engine });
    const item = await waitFor(() => {
      const el = container.querySelector<HTMLElement>('section.compliance [data-member="m2"] [data-kind="kesehatan"]');
      if (!el?.querySelector('[data-testid="compliance-phone-record"]')) throw new Error('no note yet');
      return el;
    });
    const month = item.querySelector<HTMLElement>(`[data-month="${first}"]`)!;
    expect(month.querySelector('[data-verdict]')?.getAttribute('data-verdict')).toBe('false');
    expect(norm(month.querySelector('[data-verdict]')?.textContent)).toBe('Tidak memenuhi');
    const notes = Array.from(month.querySelectorAll<HTMLElement>('[data-testid="compliance-phone-record"]'));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.dataset.status).toBe('conflict');
    expect(norm(notes[0]!.textContent)).toBe(
      'Catatan Anda dari HP ini untuk Posyandu (penimbangan) (Kunjungan posyandu bulan ini: 2) menunggu keputusan koordinator: bulan ini sudah dicatat orang lain. Hasil di atas memakai catatan di server.',
    );
    const next = Array.from(item.querySelectorAll<HTMLElement>(`[data-month="${second}"] [data-testid="compliance-phone-record"]`));
    expect(next.map((n) => [n.dataset.status, norm(n.textContent)])).toEqual([
      ['pending', 'Catatan Anda untuk Posyandu (penimbangan) (Kunjungan posyandu bulan ini: 1) masih di HP ini, belum terkirim; hasil di atas belum memakainya.'],
    ]);
    expect(container.querySelectorAll('[data-testid="compliance-phone-record"]')).toHaveLength(2);
    cleanup();

    // In English; and once the contested item leaves the phone (decided, or dismissed), its month says nothing more.
    const en = await renderApp({ data, path: '/keluarga/fam-0001', sync: engine, lang: 'en' });
    const note = await waitFor(() => {
      const n = en.container.querySelector<HTMLElement>(`[data-month="${first}"] [data-testid="compliance-phone-record"]`);
      if (!n) throw new Error('no note yet');
      return n;
    });
    expect(norm(note.textContent)).toBe(
      'Your record from this phone for Posyandu (weighing) (Posyandu visits this month: 2) is waiting for the koordinator’s decision: someone else recorded this month. The result shown uses the server’s record.',
    );
    await engine.dismiss([contested.id]);
    await waitFor(() => expect(en.container.querySelectorAll(`[data-month="${first}"] [data-testid="compliance-phone-record"]`)).toHaveLength(0));
    expect(en.container.querySelectorAll('section.compliance [data-testid="compliance-phone-record"]')).toHaveLength(1);
  });
});
