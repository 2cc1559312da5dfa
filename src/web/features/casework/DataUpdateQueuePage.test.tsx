import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { caseworkState, fakeCaseworkData } from '../../test/fake-casework';
import { FakeData, kotaUser, penelitiUser } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, queryByText, renderApp, type, waitFor } from '../../test/helpers';
import { proposal, typeText } from './test-support';

afterEach(cleanup);

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

function many(n: number) {
  return Array.from({ length: n }, (_, i) =>
    proposal({
      id: `du-${String(i + 1).padStart(3, '0')}`,
      familyId: `fam-${String(i + 1).padStart(4, '0')}`,
      kind: 'alamat',
      reason: `Alasan ${i + 1}`,
      proposedAt: new Date(Date.UTC(2026, 6, 1, 0, i)).toISOString(),
      change: { address: `Jl. Baru No. ${i + 1}` },
    }),
  );
}

async function items(container: HTMLElement, n: number) {
  return waitFor(() => {
    const li = container.querySelectorAll<HTMLElement>('li.data-update');
    if (li.length !== n) throw new Error(`${li.length} listed, not ${n}`);
    return Array.from(li);
  });
}

describe('the data update queue (/pemutakhiran)', () => {
  it('heads each proposal with an h2, right under the page’s h1 (axe heading-order)', async () => {
    const data = new FakeData({ user: kotaUser });
    Object.assign(data, fakeCaseworkData(caseworkState({ proposals: many(2) })));
    const { container } = await renderApp({ data, path: '/pemutakhiran' });
    const list = await items(container, 2);
    expect(list.map((li) => li.querySelector('.casework-item-head')?.firstElementChild?.tagName)).toEqual(['H2', 'H2']);
    expect(container.querySelector('li.data-update h3')).toBeNull();
  });


  it('shows a new RT/RW as it will be stored, and sends one request for a double tap on “Konfirmasi dan terapkan”', async () => {
    const data = new FakeData({ user: kotaUser });
    const state = caseworkState({ proposals: [proposal({ id: 'du-addr', kind: 'alamat', change: { address: 'Jl. Melati No. 7', rt: '4', rw: '09' } })] });
    Object.assign(data, fakeCaseworkData(state));
    // The answer waits (a slow network) until released.
    let release!: () => void;
    const answered = new Promise<void>((r) => {
      release = r;
    });
    let sent = 0;
    const confirm = data.confirmDataUpdate.bind(data);
    data.confirmDataUpdate = async (...args: Parameters<typeof confirm>) => {
      sent++;
      await answered;
      return confirm(...args);
    };
    const { container } = await renderApp({ data, path: '/pemutakhiran' });
    const [item] = await items(container, 1);
    expect(norm(item.textContent)).toContain('Alamat baru: Jl. Melati No. 7, RT 004/RW 009');
    const button = getByText(item, 'Konfirmasi dan terapkan', 'button') as HTMLButtonElement;
    // Two taps before React has re-rendered anything.
    await act(async () => {
      button.click();
      button.click();
    });
    await waitFor(() => expect(sent).toBe(1));
    expect(button.disabled).toBe(true);
    expect(Array.from(item.querySelectorAll<HTMLButtonElement>('.decision button')).every((b) => b.disabled)).toBe(true);
    release();
    await items(container, 0);
    expect(sent).toBe(1);
    expect(state.calls.filter((c) => c.method === 'confirmDataUpdate')).toHaveLength(1);
  });

  it('shows a koordinator the proposals waiting, paged, with the family link, and decides them', async () => {
    const data = new FakeData({ user: kotaUser });
    const proposals = [...many(23), proposal({ id: 'du-done', status: 'confirmed', decidedBy: 'korcam.cimanggis', decidedAt: '2026-07-12T00:00:00.000Z' })];
    const state = caseworkState({ proposals });
    Object.assign(data, fakeCaseworkData(state));
    const { container } = await renderApp({ data, path: '/pemutakhiran' });
    await findByText(container, 'Usulan pemutakhiran data', 'h1');
    expect((byLabel(container, 'Status') as HTMLSelectElement).value).toBe('proposed');
    let list = await items(container, 20);
    expect(state.calls.find((c) => c.method === 'listDataUpdates')?.args).toEqual([{ status: 'proposed', limit: 20, offset: 0 }]);
    getByText(container, '1–20 dari 23');
    // Newest first, with its family, kind, summary and proposer.
    const first = list[0];
    expect(norm(first.textContent)).toContain('Perubahan alamat');
    expect(norm(first.textContent)).toContain('Alamat baru: Jl. Baru No. 23');
    // The proposer by name, once the region's users are read.
    await waitFor(() => expect(norm(first.textContent)).toContain('Diusulkan oleh Siti Rahmawati'));
    expect(getByText(first, 'Buka keluarga', 'a').getAttribute('href')).toBe('/keluarga/fam-0023');

    await click(getByText(container, 'Lebih lama', 'button'));
    list = await items(container, 3);
    getByText(container, '21–23 dari 23');

    // Reject one: a note is needed; a 409 (decided meanwhile) is said plainly.
    const target = list[0];
    await typeText(byLabel(target, 'Catatan (wajib untuk penolakan)'), 'Tidak ada surat pindah');
    await click(getByText(target, 'Tolak', 'button'));
    await waitFor(() => expect(state.proposals.find((p) => p.id === 'du-003')?.status).toBe('rejected'));
    expect(state.calls.find((c) => c.method === 'rejectDataUpdate')?.args).toEqual(['du-003', 'Tidak ada surat pindah']);
    // It leaves the waiting list.
    await items(container, 2);

    state.errors.confirmDataUpdate = new ApiError(409, 'data_update_decided', 'Usulan ini sudah diputuskan (dikonfirmasi dan diterapkan).');
    const next = (await items(container, 2))[0];
    await click(getByText(next, 'Konfirmasi dan terapkan', 'button'));
    await findByText(next, 'Usulan ini sudah diputuskan (dikonfirmasi dan diterapkan).');

    // The other states are one choice away.
    await type(byLabel(container, 'Status'), 'confirmed');
    list = await items(container, 1);
    expect(norm(list[0].textContent)).toContain('Dikonfirmasi dan diterapkan');
    expect(norm(list[0].textContent)).toContain('Diputuskan oleh korcam.cimanggis');
    expect(queryByText(list[0], 'Konfirmasi dan terapkan', 'button')).toBeNull();
  });

  it('says in its lead what the Status filter shows, and after a decision what was done for which family', async () => {
    const data = new FakeData({ user: kotaUser });
    const state = caseworkState({
      proposals: [
        proposal({ id: 'du-a', kind: 'alamat', headName: 'Ade Deden', change: { address: 'Jl. Baru No. 1', rt: '001', rw: '002' } }),
        proposal({ id: 'du-b', kind: 'kelahiran', headName: 'Budi Santoso', proposedAt: '2026-07-11T02:00:00.000Z' }),
        proposal({ id: 'du-c', status: 'rejected', decidedBy: 'korcam.cimanggis', decidedAt: '2026-07-12T00:00:00.000Z', decisionNote: 'Tidak lengkap' }),
      ],
    });
    Object.assign(data, fakeCaseworkData(state));
    const { container } = await renderApp({ data, path: '/pemutakhiran', lang: 'en' });
    const lead = () => norm(container.querySelector('.lead')?.textContent);
    await items(container, 2);
    expect(lead()).toBe('Proposals from the pendamping within your scope waiting for a decision.');

    // Reject one: the page says what became of it (the item itself leaves the waiting list).
    const ade = (await items(container, 2)).find((li) => li.dataset.id === 'du-a')!;
    await typeText(byLabel(ade, 'Note (required to reject)'), 'Alamat tidak sesuai KK');
    await click(getByText(ade, 'Reject', 'button'));
    await items(container, 1);
    const said = await findByText(container, /was rejected/, '[role="status"]');
    expect(norm(said.textContent)).toBe('The “New address” proposal for the family of Ade Deden was rejected.');

    // Confirm the other: said the same way.
    const budi = (await items(container, 1))[0]!;
    await click(getByText(budi, 'Confirm and apply', 'button'));
    await findByText(container, 'The “Birth” proposal for the family of Budi Santoso was confirmed and applied.', '[role="status"]');
    await findByText(container, 'No proposals are waiting for a decision.');

    await type(byLabel(container, 'Status'), 'rejected');
    await items(container, 2);
    expect(lead()).toBe('Proposals from the pendamping within your scope that were rejected.');
    // A change of filter clears the last confirmation.
    expect(container.querySelector('.alert-ok[role="status"]')).toBeNull();
    await type(byLabel(container, 'Status'), 'semua');
    await items(container, 3);
    expect(lead()).toBe('Every proposal from the pendamping within your scope, whatever its status.');
    expect(lead()).not.toContain('waiting for a decision');
  });

  it('names the member a change is about and the family’s kelurahan, from the list itself', async () => {
    const data = new FakeData({ user: kotaUser });
    const state = caseworkState({
      proposals: [
        proposal({
          id: 'du-school',
          kind: 'sekolah',
          headName: 'Ade Deden',
          kelurahanCode: '32.76.02.1007',
          kelurahanName: 'Harjamukti',
          memberNames: { 'm-dimas': 'Dimas' },
          change: { members: { update: [{ id: 'm-dimas', schoolLevel: 'smp', effectiveDate: '2026-07-13' }] } },
        }),
      ],
    });
    Object.assign(data, fakeCaseworkData(state));
    const { container } = await renderApp({ data, path: '/pemutakhiran' });
    const [item] = await items(container, 1);
    expect(norm(item.textContent)).toContain('Dimas');
    expect(getByText(item, 'Ade Deden (Harjamukti)', 'a').getAttribute('href')).toBe(`/keluarga/${encodeURIComponent(state.proposals[0]!.familyId)}`);
  });

  it('shows a 422 on the note next to it', async () => {
    const data = new FakeData({ user: kotaUser });
    const state = caseworkState({ proposals: many(1) });
    state.errors.rejectDataUpdate = new ApiError(422, 'validation', 'Data tidak valid.', { note: 'Catatan terlalu panjang.' });
    Object.assign(data, fakeCaseworkData(state));
    const { container } = await renderApp({ data, path: '/pemutakhiran' });
    const [item] = await items(container, 1);
    const note = byLabel(item, 'Catatan (wajib untuk penolakan)');
    await typeText(note, 'x');
    await click(getByText(item, 'Tolak', 'button'));
    await waitFor(() => expect(norm(note.parentElement?.querySelector('.field-error')?.textContent)).toBe('Catatan terlalu panjang.'));
    expect(note.getAttribute('aria-invalid')).toBe('true');
  });

  it('shows a pendamping every state of their proposals, without deciding', async () => {
    const data = new FakeData();
    const state = caseworkState({
      proposals: [
        proposal({ id: 'a', status: 'rejected', decidedBy: 'korcam.cimanggis', decidedAt: '2026-07-12T00:00:00.000Z', decisionNote: 'Lampirkan akta' }),
        proposal({ id: 'b', proposedAt: '2026-07-13T00:00:00.000Z' }),
      ],
    });
    Object.assign(data, fakeCaseworkData(state));
    const { container } = await renderApp({ data, path: '/pemutakhiran' });
    await findByText(container, 'Usulan untuk keluarga dampingan Anda dan keadaannya.');
    const list = await items(container, 2);
    expect(state.calls.find((c) => c.method === 'listDataUpdates')?.args).toEqual([{ status: undefined, limit: 20, offset: 0 }]);
    expect(norm(list[0].textContent)).toContain('Menunggu konfirmasi');
    expect(norm(list[1].textContent)).toContain('Ditolak');
    expect(norm(list[1].textContent)).toContain('Catatan keputusan: Lampirkan akta');
    expect(queryByText(container, 'Konfirmasi dan terapkan', 'button')).toBeNull();
    // Their own open proposal can be withdrawn here.
    getByText(list[0], 'Tarik usulan', 'button');
  });
});

describe('the lead of /pemutakhiran speaks to each role', () => {
  const lead = (container: HTMLElement) => norm(container.querySelector('.lead')?.textContent);
  const mixed = () =>
    caseworkState({
      proposals: [
        proposal({ id: 'own', proposedAt: '2026-07-13T00:00:00.000Z' }),
        proposal({ id: 'other', proposedBy: 'pendamping02', proposedAt: '2026-07-12T00:00:00.000Z' }),
        proposal({ id: 'done', status: 'confirmed', decidedBy: 'korcam.cimanggis', decidedAt: '2026-07-12T00:00:00.000Z' }),
      ],
    });

  it('a koordinator: the proposals waiting for their decision, with the means to decide', async () => {
    const data = new FakeData({ user: kotaUser });
    Object.assign(data, fakeCaseworkData(mixed()));
    const { container } = await renderApp({ data, path: '/pemutakhiran' });
    const list = await items(container, 2);
    expect(lead(container)).toBe('Usulan dari pendamping dalam cakupan Anda yang menunggu keputusan.');
    expect(lead(container)).not.toContain('membaca');
    for (const li of list) getByText(li, 'Konfirmasi dan terapkan', 'button');
  });

  it('the pendamping: the proposals for their families as the filter shows them; only their own can be withdrawn', async () => {
    const data = new FakeData();
    Object.assign(data, fakeCaseworkData(mixed()));
    const { container } = await renderApp({ data, path: '/pemutakhiran' });
    await items(container, 3);
    expect(lead(container)).toBe('Usulan untuk keluarga dampingan Anda dan keadaannya.');
    await type(byLabel(container, 'Status'), 'proposed');
    const [own, other] = await items(container, 2);
    expect(lead(container)).toBe('Usulan untuk keluarga dampingan Anda yang menunggu keputusan koordinator. Usulan Anda sendiri dapat ditarik selama belum diputuskan.');
    getByText(own!, 'Tarik usulan', 'button');
    expect(queryByText(other!, 'Tarik usulan', 'button')).toBeNull();
    expect(queryByText(container, 'Konfirmasi dan terapkan', 'button')).toBeNull();
    await type(byLabel(container, 'Status'), 'confirmed');
    await items(container, 1);
    expect(lead(container)).toBe('Usulan untuk keluarga dampingan Anda yang sudah dikonfirmasi koordinator dan diterapkan pada data keluarga.');
  });

  it('an auditor: what the list is and that they only read it, never addressed as the pendamping; no decision, no withdrawal', async () => {
    const data = new FakeData({ user: { ...kotaUser, username: 'auditor', role: 'auditor' } });
    Object.assign(data, fakeCaseworkData(mixed()));
    const { container } = await renderApp({ data, path: '/pemutakhiran' });
    await items(container, 3);
    expect(lead(container)).toBe(
      'Usulan perubahan data keluarga dari pendamping di wilayah Anda, yang dikonfirmasi atau ditolak oleh koordinator, dengan keadaannya. Anda hanya dapat membaca daftar ini.',
    );
    expect(lead(container)).not.toContain('dampingan Anda');
    await type(byLabel(container, 'Status'), 'proposed');
    await items(container, 2);
    expect(lead(container)).toBe('Usulan perubahan data keluarga dari pendamping di wilayah Anda yang menunggu keputusan koordinator. Anda hanya dapat membaca daftar ini.');
    for (const name of ['Konfirmasi dan terapkan', 'Tolak', 'Tarik usulan']) expect(queryByText(container, name, 'button')).toBeNull();
    expect(container.querySelector('textarea, input[type="text"]')).toBeNull();
  });

  it('a peneliti, in English: what the list is and that they only read it', async () => {
    const data = new FakeData({ user: penelitiUser });
    Object.assign(data, fakeCaseworkData(mixed()));
    const { container } = await renderApp({ data, path: '/pemutakhiran?status=rejected', lang: 'en' });
    await findByText(container, 'No proposals.');
    expect(lead(container)).toBe('Proposals from the pendamping in your area to change families’ data that a koordinator rejected. You can only read this list.');
    await type(byLabel(container, 'Status'), 'semua');
    await items(container, 3);
    expect(lead(container)).toBe('Proposals from the pendamping in your area to change families’ data, which a koordinator confirms or rejects, with where each stands. You can only read this list.');
    expect(queryByText(container, 'Confirm and apply', 'button')).toBeNull();
  });
});
