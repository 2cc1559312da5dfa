/**
 * /analitik after switching language: what the server wrote in the old language (the caution, the groups’ labels)
 * is not kept on screen as the current answer while the new language’s loads (it was, for seconds, with
 * keepPreviousData); a filter change within one language still keeps the previous answer, marked busy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { analyticsState, FAKE_CAUTION, fakeAnalyticsData } from '../../test/fake-analytics';
import { FakeData, kotaUser } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, queryByText, renderApp, type, waitFor } from '../../test/helpers';
import { keepPreviousInLang } from './queries';

afterEach(cleanup);

const EN_CAUTION = 'These figures show association, not cause.';

/** Fake analytics answering in `lang.now`; answers wait for `release()` while `lang.held` is true. */
function heldData() {
  const data = new FakeData({ user: kotaUser });
  const state = analyticsState();
  const inner = fakeAnalyticsData(state);
  const lang = { now: 'id' as 'id' | 'en', held: false };
  let release: () => void = () => undefined;
  let gate = Promise.resolve();
  const hold = () => {
    lang.held = true;
    gate = new Promise<void>((r) => (release = r));
  };
  const wrap = <A extends unknown[], T extends { caution: string }>(f: (...a: A) => Promise<T>) =>
    async (...a: A): Promise<T> => {
      const written = lang.now;
      if (lang.held) await gate;
      const v = await f(...a);
      return written === 'en' ? { ...v, caution: EN_CAUTION } : v;
    };
  Object.assign(data, {
    ...inner,
    analyticsGraduation: wrap(inner.analyticsGraduation),
    analyticsSurvival: wrap(inner.analyticsSurvival),
    analyticsRolesUsage: wrap(inner.analyticsRolesUsage),
  });
  return { data, state, lang, hold, release: () => release() };
}

const cautionText = (root: HTMLElement) => [...root.querySelectorAll('.an-caution')].map((c) => c.textContent ?? '').join(' | ');

describe('analytics after a change of language', () => {
  it('does not show the old language’s caution as current while the new one loads, then shows the new one', async () => {
    const { data, lang, hold, release } = heldData();
    const { container } = await renderApp({ data, path: '/analitik' });
    await waitFor(() => expect(cautionText(container)).toContain(FAKE_CAUTION));
    await waitFor(() => expect(container.querySelector('.an-graduation-table')).not.toBeNull());

    lang.now = 'en';
    hold();
    await click(container.querySelector('.lang-switch button[lang="en"]')!);
    await findByText(container, 'Outcome analytics', 'h1');
    // The English answers are on their way: no Indonesian caution (nor table) presented as the answer meanwhile.
    await new Promise((r) => setTimeout(r, 50));
    expect(cautionText(container)).not.toContain(FAKE_CAUTION);
    expect(queryByText(container, FAKE_CAUTION)).toBeNull();
    expect(container.querySelector('.an-graduation-table')).toBeNull();

    release();
    await waitFor(() => expect(cautionText(container)).toContain(EN_CAUTION));
    expect(cautionText(container)).not.toContain(FAKE_CAUTION);
    await waitFor(() => expect(container.querySelector('.an-graduation-table')).not.toBeNull());
  });

  it('a new split in the same language keeps the previous table on screen, marked busy, until the answer comes', async () => {
    const { data, hold, release } = heldData();
    const { container } = await renderApp({ data, path: '/analitik' });
    await waitFor(() => expect(container.querySelector('.an-graduation-table')).not.toBeNull());
    hold();
    await type(byLabel(container, 'Dibagi menurut'), 'kelurahan');
    await new Promise((r) => setTimeout(r, 50));
    expect(container.querySelectorAll('.an-graduation-table tbody tr').length).toBeGreaterThan(2);
    expect(container.querySelector('.an-graduation')!.getAttribute('aria-busy')).toBe('true');
    expect(cautionText(container)).toContain(FAKE_CAUTION);
    release();
    await waitFor(() => expect(container.querySelectorAll('.an-graduation-table tbody tr')).toHaveLength(2));
    await waitFor(() => expect(container.querySelector('.an-graduation')!.getAttribute('aria-busy')).toBe('false'));
  });

  it('keepPreviousInLang: the previous answer only when it is in the same language (the key’s last part)', () => {
    const prev = { caution: FAKE_CAUTION };
    expect(keepPreviousInLang('id')(prev, { queryKey: ['analytics', 'graduation', 'role_group', '', '', '', 'id'] })).toBe(prev);
    expect(keepPreviousInLang('en')(prev, { queryKey: ['analytics', 'graduation', 'role_group', '', '', '', 'id'] })).toBeUndefined();
    expect(keepPreviousInLang('en')(undefined, undefined)).toBeUndefined();
  });
});
