import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('configuration from the environment', () => {
  it('TITIAN_OFFLINE_DAYS: how long a phone works offline; 7 by default, and for a value that is not a positive number', () => {
    expect(loadConfig({}).offlineDays).toBe(7);
    expect(loadConfig({ TITIAN_OFFLINE_DAYS: '3' }).offlineDays).toBe(3);
    expect(loadConfig({ TITIAN_OFFLINE_DAYS: '14.9' }).offlineDays).toBe(14);
    for (const bad of ['0', '-2', 'tujuh', '']) expect(loadConfig({ TITIAN_OFFLINE_DAYS: bad }).offlineDays).toBe(7);
  });
});
