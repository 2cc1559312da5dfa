/**
 * Photos and checks recorded on a pendamping's phone while the server cannot be reached (component tests over
 * the real data layer: withOffline over FakeData, an engine whose server is away, fake-indexeddb): the visit
 * is saved with its photo waiting on the phone (said in the form and under the visit), the form is free for
 * the next visit at once, photos staged by a save that never finished are offered again, a full photo space
 * is said and saves nothing, the sync page lists the photos with what can be done; and the verification
 * section of a family never opened online shows its form.
 */
import 'fake-indexeddb/auto';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createMemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../api/client';
import { App } from '../../app/App';
import { routes } from '../../app/routes';
import type { ComplianceResult } from '../../data/compliance';
import { createQueryClient } from '../../data/queries';
import { createLangStore } from '../../i18n/lang';
import { SyncEngine } from '../../sync/engine';
import { activityPhotoStage, LocalStore } from '../../sync/local-store';
import { type PhoneComplianceResult, withOffline } from '../../sync/offline-data';
import { PHOTO_STORE_MAX_BYTES, photoStore } from '../../sync/photo-store';
import { uuidv7 } from '../../sync/uuid';
import { attachmentsStateOf } from '../../test/fake-attachments';
import { fakeComplianceData, fakeComplianceState } from '../../test/fake-compliance';
import { demoUser, FakeData } from '../../test/fake-data';
import { click, findByText, getByText, jpegFile, pickFiles, submit, type, waitFor } from '../../test/helpers';

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

/** A pendamping's phone whose sync server is away: FakeData answers the reads (as the last answers seen would). */
async function offlinePhone(data = new FakeData()) {
  const store = await LocalStore.open(`offline-photos-${uuidv7()}`);
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
  cleanups.push(() => {
    engine.stop();
    store.close();
  });
  return { data, store, engine, offline };
}

async function render(p: Awaited<ReturnType<typeof offlinePhone>>, path: string) {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } });
  let root: Root | undefined;
  await act(async () => {
    root = createRoot(container);
    root.render(<App router={router} data={p.offline} queryClient={queryClient} langStore={createLangStore('id', null)} sync={p.engine} />);
  });
  cleanups.push(() => {
    act(() => root?.unmount());
    container.remove();
    queryClient.clear();
  });
  return container;
}

async function visitForm(container: HTMLElement) {
  return waitFor(() => {
    const f = container.querySelector<HTMLFormElement>('form.activity-form');
    if (!f) throw new Error('no activity form');
    return f;
  }, 5000);
}

/** Wait (flushing React work) until an async check passes. */
async function eventually(check: () => Promise<void>, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() - start > timeoutMs) throw e;
    }
    await act(async () => {
      await new Promise((r) => setTimeout(r, 10));
    });
  }
}

const tick = (form: HTMLElement, code: string) => click(form.querySelector<HTMLInputElement>(`input[name="roles"][value="${code}"]`)!);

describe('a visit with a photo, recorded with no network', () => {
  it('keeps the photo on the phone with the visit, says so, and leaves the form free for the next visit', async () => {
    const p = await offlinePhone();
    const uploads = attachmentsStateOf(p.data).uploads;
    const container = await render(p, '/keluarga/fam-0001');
    const form = await visitForm(container);
    await tick(form, 'dukungan');
    await pickFiles(form.querySelector<HTMLInputElement>('input[data-testid="photo-gallery"]')!, [jpegFile('rumah.jpg', 3000)]);
    await type(await waitFor(() => form.querySelector<HTMLInputElement>('input.photo-caption')!), 'Depan rumah');
    await submit(form);

    await findByText(form, 'Tersimpan di HP; dikirim otomatis saat ada jaringan.');
    await findByText(form, '1 foto disimpan di HP dan dikirim otomatis setelah kegiatannya sampai di server.');
    // No failure, no upload tried: the photo waits with the visit.
    expect(container.querySelector('.photo-upload-failed')).toBeNull();
    expect(uploads).toHaveLength(0);
    await waitFor(() => expect(form.querySelectorAll('.photo-card')).toHaveLength(0));
    const save = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    expect(save.disabled).toBe(false);

    const outbox = await p.store.outbox(demoUser.id);
    expect(outbox).toHaveLength(1);
    const photos = await p.store.photosOf(outbox[0]!.recordId);
    expect(photos).toHaveLength(1);
    expect(photos[0]).toMatchObject({ status: 'pending', caption: 'Depan rumah', bytes: 3000, familyId: 'fam-0001' });

    // Under the visit in the list: its photo, waiting.
    const waiting = await waitFor(() => {
      const li = container.querySelector<HTMLElement>('.activity-list .activity [data-testid="photos-waiting"]');
      if (!li) throw new Error('no waiting photos');
      return li;
    });
    expect(norm(waiting.textContent)).toContain('1 foto menunggu dikirim');
    // The header counts the visit and its photo as waiting.
    await findByText(container, '2 menunggu dikirim');

    // The next visit is recorded right away.
    await tick(form, 'dukungan');
    await submit(form);
    await eventually(async () => expect(await p.store.outbox(demoUser.id)).toHaveLength(2));
  });

  it('offers again the photos of a save that never finished, and saves them with the next visit', async () => {
    const p = await offlinePhone();
    const staged = uuidv7();
    await (await p.engine.photos()).stagePhotos(activityPhotoStage('fam-0001'), [{ id: staged, file: jpegFile('lama.jpg', 1500), caption: 'Sebelum tertutup', ownerKind: 'activity', familyId: 'fam-0001' }]);
    const container = await render(p, '/keluarga/fam-0001');
    const form = await visitForm(container);
    await waitFor(() => expect(form.querySelectorAll('.photo-card')).toHaveLength(1));
    getByText(form, '1 foto dari kegiatan yang belum sempat disimpan masih ada di HP');
    expect(form.querySelector<HTMLInputElement>('input.photo-caption')!.value).toBe('Sebelum tertutup');
    await tick(form, 'dukungan');
    await submit(form);
    await findByText(form, 'Tersimpan di HP; dikirim otomatis saat ada jaringan.');
    const outbox = await p.store.outbox(demoUser.id);
    // The same photo (its id kept), now the visit's: never a copy.
    expect((await p.store.photosOf(outbox[0]!.recordId)).map((x) => x.id)).toEqual([staged]);
    expect(await p.store.photoMetas(demoUser.id)).toHaveLength(1);
  });

  it('says when the phone’s photo space is full and saves nothing until the photo is removed', async () => {
    const p = await offlinePhone();
    await photoStore(p.store).addPhoto({
      id: uuidv7(), userId: demoUser.id, ownerKind: 'activity', ownerId: 'older-visit', stageKey: null, familyId: 'fam-0001', groupId: null,
      mime: 'image/jpeg', bytes: PHOTO_STORE_MAX_BYTES - 1000, caption: '', createdAt: '2026-05-01T00:00:00Z', status: 'pending', attempts: 0, data: new ArrayBuffer(4),
    });
    const container = await render(p, '/keluarga/fam-0001');
    const form = await visitForm(container);
    await tick(form, 'dukungan');
    await pickFiles(form.querySelector<HTMLInputElement>('input[data-testid="photo-gallery"]')!, [jpegFile('besar.jpg', 2000)]);
    await waitFor(() => expect(form.querySelectorAll('.photo-card')).toHaveLength(1));
    await submit(form);
    const alert = await findByText(form, /^Ruang foto di HP ini penuh/);
    expect(alert.closest('[role="alert"]')).not.toBeNull();
    expect(await p.store.outbox(demoUser.id)).toHaveLength(0);
    // The photo is still in the form; without it the visit saves.
    expect(form.querySelectorAll('.photo-card')).toHaveLength(1);
    await click(form.querySelector('button[aria-label="Hapus foto 1"]')!);
    await submit(form);
    await findByText(form, 'Tersimpan di HP; dikirim otomatis saat ada jaringan.');
    expect(await p.store.outbox(demoUser.id)).toHaveLength(1);
  });
});

describe('the sync page', () => {
  it('lists the photos on the phone with what each waits for; a refused one can be sent again or discarded', async () => {
    const p = await offlinePhone();
    const base = { userId: demoUser.id, ownerKind: 'activity' as const, stageKey: null, familyId: 'fam-0001', groupId: null, mime: 'image/jpeg', caption: '', createdAt: '2026-05-01T00:00:00Z', attempts: 0, data: new ArrayBuffer(4) };
    await photoStore(p.store).addPhoto({ ...base, id: uuidv7(), ownerId: 'visit-sent', bytes: 2048, status: 'pending' });
    const refused = uuidv7();
    await photoStore(p.store).addPhoto({ ...base, id: refused, ownerId: 'visit-sent', bytes: 4096, status: 'pending', caption: 'Dapur' });
    await photoStore(p.store).updatePhoto({ ...base, id: refused, ownerId: 'visit-sent', bytes: 4096, status: 'refused', reason: 'Foto terlalu besar.', attempts: 1, caption: 'Dapur' });
    await p.engine.refreshCounts();
    const container = await render(p, '/sinkronisasi');
    const list = await waitFor(() => {
      const l = container.querySelector<HTMLElement>('[data-testid="outbox-photos"]');
      if (!l) throw new Error('no photo list');
      return l;
    });
    expect(list.querySelectorAll('li')).toHaveLength(2);
    expect(norm(list.textContent)).toContain('Menunggu jaringan.');
    const row = list.querySelector<HTMLElement>('li[data-status="refused"]')!;
    expect(norm(row.textContent)).toContain('Foto “Dapur” (4 KB)');
    expect(norm(row.textContent)).toContain('Ditolak server: Foto terlalu besar.');
    await click(getByText(row, 'Kirim lagi', 'button'));
    await eventually(async () => expect((await p.store.photoMetas()).find((x) => x.id === refused)?.status).toBe('pending'));
    await waitFor(() => expect(list.querySelectorAll('li[data-status="refused"]')).toHaveLength(0));
  });
});

describe('verification of a family never opened online on this phone', () => {
  it('shows the form from the commitments worked out on the phone, and says a check is kept on the phone', async () => {
    const data = new FakeData();
    const state = fakeComplianceState();
    Object.assign(data, fakeComplianceData(state));
    const phoneResult = (period: string, waiting: number): PhoneComplianceResult => ({
      period,
      status: 'open',
      compliant: null,
      closedAt: null,
      items: [{ memberId: 'm2', kind: 'kesehatan', months: [{ month: `${period.slice(0, 4)}-0${(Number(period.slice(-1)) - 1) * 3 + 1}`, attendancePct: null, compliant: null, reasons: [] }], compliant: null, reason: '' }],
      computedOn: 'phone',
      waiting,
    });
    data.familyCompliance = async (_f: string, period: string) => phoneResult(period, 0);
    data.recordObservation = async (_f: string, input) => ({ ...phoneResult(`${input.month.slice(0, 4)}-Q${Math.ceil(Number(input.month.slice(5)) / 3)}`, 1), queuedOnPhone: true }) as ComplianceResult;
    const container = document.createElement('div');
    document.body.appendChild(container);
    const router = createMemoryRouter(routes, { initialEntries: ['/keluarga/fam-0001'] });
    const queryClient = createQueryClient();
    let root: Root | undefined;
    await act(async () => {
      root = createRoot(container);
      root.render(<App router={router} data={data} queryClient={queryClient} langStore={createLangStore('id', null)} />);
    });
    cleanups.push(() => {
      act(() => root?.unmount());
      container.remove();
    });
    const section = await waitFor(() => {
      const s = container.querySelector<HTMLElement>('section.compliance');
      if (!s || s.querySelector('.loading')) throw new Error('no section yet');
      return s;
    }, 5000);
    const note = section.querySelector('[data-testid="compliance-on-phone"]')!;
    expect(norm(note.textContent)).toContain('belum pernah dibuka di HP ini');
    // No verdicts from the phone: none shown.
    expect(section.querySelector('[data-verdict]')).toBeNull();
    const form = section.querySelector<HTMLFormElement>('form.observation-form')!;
    expect(form).not.toBeNull();
    const member = form.querySelector<HTMLSelectElement>('select[name="memberId"]')!;
    expect(Array.from(member.options).map((o) => o.value)).toEqual(['m2']);
    // The pregnant mother: ANC visits so far.
    await type(form.querySelector<HTMLInputElement>('input[name="visitsToDate"]')!, '1');
    await submit(form);
    await findByText(section, 'Tersimpan di HP; dikirim otomatis saat ada jaringan.');
    await findByText(section, '1 pemeriksaan periode ini menunggu dikirim.');
  });
});
