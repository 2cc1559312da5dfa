/**
 * The photo picker refuses at once, naming the file, what is not a photo the server takes: a file whose bytes
 * are not a JPEG, PNG or WebP (a text file named fake.jpg), or one the browser tried and could not read. It
 * is never listed, kept on the phone nor sent; a real photo still goes through (in the "Catat kegiatan" form).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { attachmentsStateOf } from '../../test/fake-attachments';
import { FakeData } from '../../test/fake-data';
import { cleanup, click, findByText, jpegFile, pickFiles, renderApp, submit, waitFor } from '../../test/helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

async function openForm(data: FakeData, lang: 'id' | 'en' = 'id') {
  const rendered = await renderApp({ data, path: '/keluarga/fam-0001', lang });
  const form = await waitFor(() => {
    const f = rendered.container.querySelector<HTMLFormElement>('form.activity-form');
    if (!f) throw new Error('no activity form');
    return f;
  });
  return { ...rendered, form };
}

const gallery = (form: HTMLElement) => form.querySelector<HTMLInputElement>('input[data-testid="photo-gallery"]')!;
const alerts = (form: HTMLElement) => Array.from(form.querySelectorAll('.photo-input [role="alert"]')).map((a) => norm(a.textContent));

/** The tester's file: 13 bytes of text, named and typed as a JPEG by the phone. */
const fakeJpeg = () => new File(['bukan sebuah foto'.slice(0, 13)], 'fake.jpg', { type: 'image/jpeg' });

describe('the photo picker', () => {
  it('refuses a text file named .jpg at once, naming it, and never lists, keeps or sends it', async () => {
    const data = new FakeData();
    const uploads = attachmentsStateOf(data).uploads;
    const { container, form } = await openForm(data);
    expect(fakeJpeg().size).toBe(13);
    await pickFiles(gallery(form), [fakeJpeg()]);
    await waitFor(() => expect(alerts(form)).toEqual(['fake.jpg: bukan foto yang dapat dibaca (isinya rusak atau bukan gambar JPEG, PNG atau WebP). Berkas ini tidak disimpan dan tidak dikirim.']));
    expect(form.querySelectorAll('.photo-card')).toHaveLength(0);
    expect(norm(form.textContent)).not.toContain('13 B');

    // Saving the visit saves it alone: no photo said to be kept or sent, none uploaded.
    await click(form.querySelector<HTMLInputElement>('input[name="roles"][value="dukungan"]')!);
    await submit(form);
    const saved = await findByText(container, 'Kegiatan tersimpan.');
    expect(norm(saved.textContent)).not.toContain('foto');
    expect(data.calls.createActivity).toHaveLength(1);
    expect(uploads).toHaveLength(0);
  });

  it('says it in English too', async () => {
    const { form } = await openForm(new FakeData(), 'en');
    await pickFiles(gallery(form), [fakeJpeg()]);
    await waitFor(() => expect(alerts(form)).toEqual(['fake.jpg: not a photo that can be read (it is damaged or not a JPEG, PNG or WebP image). It was not kept and will not be sent.']));
  });

  it('refuses a file that starts like a JPEG but that the browser cannot decode', async () => {
    // The phone's browser reads the bytes and gives up, as Chrome does ("The source image could not be decoded").
    vi.stubGlobal('createImageBitmap', async () => {
      throw new DOMException('The source image could not be decoded.', 'InvalidStateError');
    });
    const { form } = await openForm(new FakeData());
    await pickFiles(gallery(form), [jpegFile('rusak.jpg', 500), jpegFile('rusak2.jpg', 600)]);
    await waitFor(() => expect(alerts(form)).toHaveLength(2));
    expect(alerts(form)[0]).toMatch(/^rusak\.jpg: bukan foto yang dapat dibaca/);
    expect(alerts(form)[1]).toMatch(/^rusak2\.jpg: bukan foto yang dapat dibaca/);
    expect(form.querySelectorAll('.photo-card')).toHaveLength(0);
  });

  it('still refuses a PDF as not a photo, and keeps the good photos chosen with a bad one', async () => {
    const { form } = await openForm(new FakeData());
    const pdf = new File(['%PDF-1.7 ...'], 'surat.pdf', { type: 'application/pdf' });
    await pickFiles(gallery(form), [pdf, fakeJpeg(), jpegFile('rumah.jpg', 3000)]);
    await waitFor(() => expect(alerts(form)).toHaveLength(2));
    expect(alerts(form)[0]).toBe('surat.pdf: bukan foto yang dapat dikirim (JPEG, PNG atau WebP).');
    expect(alerts(form)[1]).toMatch(/^fake\.jpg: /);
    await waitFor(() => expect(form.querySelectorAll('.photo-card')).toHaveLength(1));
    expect(norm(form.querySelector('.photo-card .photo-size')?.textContent)).toBe('3 KB');
  });

  it('sends a PNG or WebP its bytes say it is, whatever its name or stated type', async () => {
    const data = new FakeData();
    const uploads = attachmentsStateOf(data).uploads;
    const { container, form } = await openForm(data);
    const png = new Uint8Array(100);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const webp = new Uint8Array(100);
    webp.set([...'RIFF'].map((c) => c.charCodeAt(0)));
    webp.set([...'WEBP'].map((c) => c.charCodeAt(0)), 8);
    await pickFiles(gallery(form), [new File([png], 'layar.jpg', { type: 'image/jpeg' }), new File([webp], 'kartu.webp', { type: '' })]);
    await waitFor(() => expect(form.querySelectorAll('.photo-card')).toHaveLength(2));
    expect(alerts(form)).toEqual([]);
    await click(form.querySelector<HTMLInputElement>('input[name="roles"][value="dukungan"]')!);
    await submit(form);
    await findByText(container, 'Kegiatan tersimpan.');
    await waitFor(() => expect(uploads).toHaveLength(2));
    expect(uploads.map((u) => u.type)).toEqual(['image/png', 'image/webp']);
  });
});
