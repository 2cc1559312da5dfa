import { describe, expect, it } from 'vitest';
import { redactUrl } from './app';

describe('redactUrl', () => {
  it('masks a NIK or No. KK however it is written in a URL', () => {
    expect(redactUrl('/api/v1/families?q=3276024101800001')).toBe('/api/v1/families?q=****************');
    expect(redactUrl('/api/v1/families?q=%33276024101800001')).toBe('/api/v1/families?q=****************');
    expect(redactUrl('/api/v1/families?q=3276 0241 0180 0001')).toBe('/api/v1/families?q=****************');
    // Longer runs (two numbers written together, a digit too many) are masked whole: no digit shows.
    expect(redactUrl('/api/v1/families?q=32760241018000012')).toBe('/api/v1/families?q=****************');
    expect(redactUrl('/api/v1/families?q=32760241018000013276024101800001')).toBe('/api/v1/families?q=****************');
  });
  it('leaves other numbers and malformed encodings alone', () => {
    expect(redactUrl('/api/v1/families?limit=25&offset=100')).toBe('/api/v1/families?limit=25&offset=100');
    expect(redactUrl('/api/v1/families?q=%E0%A4%A')).toBe('/api/v1/families?q=%E0%A4%A');
  });
});
