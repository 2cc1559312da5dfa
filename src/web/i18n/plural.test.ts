import { describe, expect, it } from 'vitest';
import { t } from '../../shared/i18n';
import '../features/imports/messages';
import { registerMessages } from './register';

describe('plural words in templates ({n|one|other})', () => {
  it('take the first word for one and the second otherwise, whether the number is raw or formatted', () => {
    expect(t('en', 'web.imports.rowsSummary', { rows: '2', refused: '1', warnings: 0 })).toBe('2 rows read; 1 row refused; 0 warnings.');
    expect(t('en', 'web.imports.rowsSummary', { rows: 1, refused: '1,234', warnings: '1' })).toBe('1 row read; 1,234 rows refused; 1 warning.');
    // Indonesian nouns do not change.
    expect(t('id', 'web.imports.rowsSummary', { rows: 1, refused: 2, warnings: 1 })).toBe('1 baris dibaca; 2 baris ditolak; 1 peringatan.');
  });

  it('an absent number takes the other word, and the rest of the template is untouched', () => {
    registerMessages({ 'test.plural': { id: '{n} dokumen', en: '{n} {n|document|documents} in {where}' } });
    expect(t('en', 'test.plural', { where: 'Cimanggis' })).toBe('{n} documents in Cimanggis');
    expect(t('en', 'test.plural', { n: 0, where: 'x' })).toBe('0 documents in x');
  });
});
