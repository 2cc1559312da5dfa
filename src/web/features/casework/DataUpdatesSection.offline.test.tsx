/**
 * A data update proposed on a pendamping's phone while the server cannot be reached (the real data layer:
 * withOffline over FakeData, an engine whose server is away, fake-indexeddb): the family's "Pemutakhiran
 * data" lists it at once with the "Menunggu dikirim" badge visits made offline carry (not "Belum ada usulan"),
 * and it can be cancelled before it is sent, leaving the outbox.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../api/client';
import { SyncEngine } from '../../sync/engine';
import { LocalStore } from '../../sync/local-store';
import { withOffline } from '../../sync/offline-data';
import { uuidv7 } from '../../sync/uuid';
import { caseworkState, fakeCaseworkData } from '../../test/fake-casework';
import { demoUser, FakeData } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, queryByText, renderApp, submit, type, waitFor } from '../../test/helpers';
import { typeText } from './test-support';

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

const stops: Array<() => void> = [];
afterEach(() => {
  cleanup();
  while (stops.length) stops.pop()?.();
});

async function offlinePhone() {
  const data = new FakeData();
  const state = caseworkState({ proposals: [] });
  Object.assign(data, fakeCaseworkData(state));
  const store = await LocalStore.open(`offline-data-updates-${uuidv7()}`);
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
  const offline = withOffline(data, engine, {
    getLang: () => 'id',
    referenceDocument: async () => {
      throw new TypeError('Failed to fetch');
    },
  });
  stops.push(() => {
    engine.stop();
    store.close();
  });
  return { state, store, engine, offline };
}

describe('data updates proposed offline', () => {
  it('are listed on the family page as waiting to be sent, and can be cancelled before they are', async () => {
    const phone = await offlinePhone();
    const { container } = await renderApp({ data: phone.offline, path: '/keluarga/fam-0001', sync: phone.engine });
    const s = await waitFor(() => container.querySelector<HTMLElement>('section.data-updates') ?? (() => { throw new Error('no section'); })());
    await findByText(s, 'Belum ada usulan pemutakhiran.');
    await click(getByText(s, 'Usulkan perubahan', 'button'));
    const form = await waitFor(() => s.querySelector<HTMLFormElement>('.data-update-form form') ?? (() => { throw new Error('no form'); })());
    await type(byLabel(form, 'Jenis perubahan'), 'alamat');
    await type(byLabel(form, 'Alamat (jalan, nomor)'), 'Jl. Luring No. 3');
    await typeText(byLabel(form, 'Alasan'), 'Pindah rumah');
    await submit(form);
    await findByText(s, 'Usulan disimpan di ponsel dan dikirim ke koordinator begitu ada sinyal.');
    // Listed at once, with the badge of a visit made offline; not "no proposals".
    const item = await waitFor(() => s.querySelector<HTMLElement>('li.data-update[data-status="pending"]') ?? (() => { throw new Error('not listed'); })());
    const text = norm(item.textContent);
    expect(text).toContain('Alamat baru');
    expect(text).toContain('Menunggu dikirim');
    expect(text).toContain('Alasan: Pindah rumah');
    expect(queryByText(s, 'Belum ada usulan pemutakhiran.')).toBeNull();
    // Nothing reached the server; it waits in the outbox.
    expect(phone.state.proposals).toHaveLength(0);
    expect((await phone.store.outbox(demoUser.id)).filter((i) => i.entity === 'data_update' && i.status === 'pending')).toHaveLength(1);

    // Cancelled before it is sent: it leaves the outbox and the list.
    await click(getByText(item, 'Batalkan usulan', 'button'));
    await findByText(s, 'Usulan dihapus dari ponsel dan tidak akan dikirim.');
    await waitFor(() => expect(s.querySelector('li.data-update[data-status="pending"]')).toBeNull());
    expect(await phone.store.outbox(demoUser.id)).toHaveLength(0);
    await findByText(s, 'Belum ada usulan pemutakhiran.');
  });

  it('warn about an age that does not fit the school level on the phone too', async () => {
    const phone = await offlinePhone();
    const { container } = await renderApp({ data: phone.offline, path: '/keluarga/fam-0001', sync: phone.engine });
    const s = await waitFor(() => container.querySelector<HTMLElement>('section.data-updates') ?? (() => { throw new Error('no section'); })());
    await click(await findByText(s, 'Usulkan perubahan', 'button'));
    const form = await waitFor(() => s.querySelector<HTMLFormElement>('.data-update-form form') ?? (() => { throw new Error('no form'); })());
    await type(byLabel(form, 'Jenis perubahan'), 'sekolah');
    await type(byLabel(form, 'Anggota keluarga'), 'm1');
    await type(byLabel(form, 'Jenjang sekolah baru'), 'smp');
    await typeText(byLabel(form, 'Alasan'), 'Kejar paket B');
    await submit(form);
    const item = await waitFor(() => s.querySelector<HTMLElement>('li.data-update[data-status="pending"]') ?? (() => { throw new Error('not listed'); })());
    expect(norm(item.querySelector('.data-update-warnings')?.textContent)).toMatch(/Budi Santoso: umur 4\d tahun tidak lazim untuk SMP/);
  });
});
