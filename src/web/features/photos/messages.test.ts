/** The photo strings that count photos: one photo is "1 photo" in English, as the catalogue's plural form says. */
import { describe, expect, it } from 'vitest';
import { t } from '../../../shared/i18n';
import './messages';

describe('photo strings that count', () => {
  it('say "at most 1 photo" (not "1 photos") and "at most 5 photos"', () => {
    expect(t('en', 'web.photos.hint', { max: 1 })).toContain('(at most 1 photo)');
    expect(t('en', 'web.photos.hint', { max: 5 })).toContain('(at most 5 photos)');
    expect(t('en', 'web.photos.tooMany', { max: 1 })).toBe('At most 1 photo.');
    expect(t('en', 'web.photos.tooMany', { max: 3 })).toBe('At most 3 photos.');
    // Indonesian nouns do not change.
    expect(t('id', 'web.photos.tooMany', { max: 1 })).toBe('Paling banyak 1 foto.');
  });
});
