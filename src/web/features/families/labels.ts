import { hasMessage } from '../../../shared/i18n';
import type { TFunction } from '../../i18n/I18nProvider';
import type { ComponentCode, FamilyDetail, FamilyMember } from '../../data/types';

export function componentLabel(tr: TFunction, code: ComponentCode | string | null | undefined): string {
  return code ? labelOr(tr, `web.component.${code}`, code) : tr('web.component.none');
}

/** The catalogue label for a code, or the code itself when the catalogue has none (a deployment's own code). */
export function labelOr(tr: TFunction, key: string, fallback: string): string {
  return hasMessage(key) ? tr(key) : fallback;
}

/** The head of family: the kepala keluarga, else the caretaker (pengurus), else the first member. */
export function headOf(family: Pick<FamilyDetail, 'members'>): FamilyMember | undefined {
  return (
    family.members.find((m) => m.relation === 'kepala_keluarga') ??
    family.members.find((m) => m.caretaker) ??
    family.members[0]
  );
}

/** The current year in Indonesian western time. */
export function currentYearJakarta(now: Date = new Date()): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric' }).format(now));
}

export const FIRST_YEAR = 2019;
