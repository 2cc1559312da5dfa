import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { facilitationMessages } from '../shared/i18n/catalog/facilitation';
import { type ActivityInput, checkActivity, earliestFamilyDate, roleGroupsOf, type Taxonomies } from './activities';

const tax: Taxonomies = {
  activityTypes: new Set(['kunjungan_rumah', 'p2k2', 'rujukan']),
  roles: new Map([
    ['animasi_sosial', 'fasilitatif'],
    ['fasilitasi_kelompok', 'fasilitatif'],
    ['konfrontasi', 'edukasional'],
    ['advokasi', 'representasional'],
    ['analisis_sosial', 'teknis'],
  ]),
  factors: new Set(['kesadaran_kpm']),
  obstacles: new Set(['akses_pendamping_minim']),
};
const TODAY = '2026-07-15';
const ok: ActivityInput = { type: 'kunjungan_rumah', date: '2026-07-14', roles: ['animasi_sosial', 'konfrontasi'], factors: ['kesadaran_kpm'], obstacles: [] };

describe('checking an activity against the taxonomies', () => {
  it('accepts a known type, roles, factors and obstacles on a past date', () => {
    expect(checkActivity(ok, tax, TODAY)).toEqual({});
    expect(checkActivity({ ...ok, date: TODAY, roles: [] }, tax, TODAY)).toEqual({});
  });

  it('names each unknown or repeated code by its position', () => {
    const errors = checkActivity({ ...ok, type: 'pesta', roles: ['animasi_sosial', 'menari', 'animasi_sosial'], obstacles: ['hujan'] }, tax, TODAY);
    expect(errors.type?.code).toBe('activity.unknown_type');
    expect(errors['roles.1']).toEqual({ code: 'activity.unknown_role', params: { code: 'menari' } });
    expect(errors['roles.2']?.code).toBe('activity.repeated');
    expect(errors['obstacles.0']?.code).toBe('activity.unknown_obstacle');
    expect(errors['roles.0']).toBeUndefined();
  });

  it('says a retired term is no longer in use rather than unknown', () => {
    const withRetired: Taxonomies = { ...tax, retired: { activityTypes: new Set(['posyandu']), factors: new Set(['gotong_royong']), obstacles: new Set(['banjir']) } };
    const errors = checkActivity({ ...ok, type: 'posyandu', factors: ['gotong_royong', 'entah'], obstacles: ['banjir'] }, withRetired, TODAY);
    expect(errors.type).toEqual({ code: 'activity.retired_type', params: { code: 'posyandu' } });
    expect(errors['factors.0']?.code).toBe('activity.retired_factor');
    expect(errors['factors.1']?.code).toBe('activity.unknown_factor');
    expect(errors['obstacles.0']?.code).toBe('activity.retired_obstacle');
    for (const code of ['activity.retired_type', 'activity.retired_factor', 'activity.retired_obstacle']) expect(facilitationMessages).toHaveProperty([code]);
  });

  it('refuses a date after today or before PKH existed, and a GPS fix outside Indonesia', () => {
    expect(checkActivity({ ...ok, date: '2026-07-16' }, tax, TODAY).date?.code).toBe('activity.date_future');
    expect(checkActivity({ ...ok, date: '2006-12-31' }, tax, TODAY).date?.code).toBe('activity.date_too_early');
    expect(checkActivity({ ...ok, location: { latitude: -6.37, longitude: 106.86 } }, tax, TODAY)).toEqual({});
    expect(checkActivity({ ...ok, location: { latitude: 48.85, longitude: 2.35 } }, tax, TODAY).location?.code).toBe('activity.location_outside_indonesia');
  });

  it('refuses a date before the family joined PKH (the first of January of that year)', () => {
    expect(checkActivity({ ...ok, date: '2020-12-31' }, tax, TODAY, 2021).date).toEqual({ code: 'activity.date_before_joined', params: { year: 2021 } });
    expect(checkActivity({ ...ok, date: '2021-01-01' }, tax, TODAY, 2021)).toEqual({});
    // Unknown, or before PKH began: PKH's own start is the bound.
    expect(checkActivity({ ...ok, date: '2010-01-10' }, tax, TODAY, null)).toEqual({});
    expect(checkActivity({ ...ok, date: '2006-12-31' }, tax, TODAY, 2005).date?.code).toBe('activity.date_too_early');
    expect(earliestFamilyDate(2019)).toBe('2019-01-01');
    expect(earliestFamilyDate(2003)).toBe('2007-01-01');
    expect(earliestFamilyDate(null)).toBe('2007-01-01');
  });

  it('groups roles by Ife’s four groups ("konfrontasi" is educational)', () => {
    expect(roleGroupsOf(['konfrontasi', 'animasi_sosial', 'fasilitasi_kelompok'], tax)).toEqual(['edukasional', 'fasilitatif']);
  });

  it('property: every code it emits has a message in both languages, and known codes never error', () => {
    const known = [...tax.roles.keys()];
    fc.assert(
      fc.property(
        fc.subarray(known),
        fc.array(fc.string({ maxLength: 12 }), { maxLength: 5 }),
        fc.constantFrom(...tax.activityTypes, 'x'),
        (roles, junk, type) => {
          const errors = checkActivity({ ...ok, type, roles: [...roles, ...junk] }, tax, TODAY);
          for (const e of Object.values(errors)) {
            expect(facilitationMessages[e.code]?.id).toBeTruthy();
            expect(facilitationMessages[e.code]?.en).toBeTruthy();
          }
          roles.forEach((_, i) => expect(errors[`roles.${i}`]).toBeUndefined());
          if (type !== 'x') expect(errors.type).toBeUndefined();
        },
      ),
    );
  });
});
