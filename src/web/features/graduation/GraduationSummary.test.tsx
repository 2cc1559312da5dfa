import { afterEach, describe, expect, it } from 'vitest';
import { getByText, waitFor } from '../../test/helpers';
import { GraduationSummary } from './index';
import { cleanupElements, graduationData, renderElement } from './test-support';

afterEach(cleanupElements);

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

describe('the graduation summary for the family page', () => {
  it('shows the state and type with a link to the graduation page', async () => {
    const { data } = graduationData({ state: { cases: { 'fam-0007': { case: { state: 'approved', type: 'sejahtera_mandiri', version: 5 }, history: [], followups: [] } } } });
    const c = await renderElement(<GraduationSummary familyId="fam-0007" />, { data });
    await waitFor(() => expect(norm(c.querySelector('.grad-badges')?.textContent)).toBe('Disetujui Sejahtera mandiri'));
    expect(getByText(c, 'Buka halaman graduasi', 'a').getAttribute('href')).toBe('/keluarga/fam-0007/graduasi');
  });

  it('says when there is no case yet', async () => {
    const { data } = graduationData();
    const c = await renderElement(<GraduationSummary familyId="fam-0001" />, { data, lang: 'en' });
    await waitFor(() => expect(norm(c.querySelector('.grad-badges')?.textContent)).toBe('No graduation case yet'));
  });
});
