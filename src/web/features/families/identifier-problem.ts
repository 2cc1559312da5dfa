/** What the phone can tell of a NIK or No. KK before asking the server (which stays the judge). */
import { parseKkNumber, parseNik } from '../../../domain/nik';
import type { Coded } from '../../../domain/types';
import type { Lang } from '../../../shared/i18n';
import { localizeDomainParams } from '../../../shared/i18n/catalog/domain';
import type { TFunction } from '../../i18n/I18nProvider';

/** The first problem the pure domain finds, in the user's language; the province is the server's to check (no list on the phone). */
function firstProblem(tr: TFunction, lang: Lang, errors: Coded[]): string | null {
  const e = errors.find((x) => !x.code.endsWith('.province_unknown'));
  return e ? tr(e.code, localizeDomainParams(lang, e.params)) : null;
}

const idContext = (today: string) => ({ provinceCodes: new Set<string>(), today });

export function nikProblem(tr: TFunction, lang: Lang, nik: string, today: string): string | null {
  return firstProblem(tr, lang, parseNik(nik, idContext(today)).errors);
}

export function kkProblem(tr: TFunction, lang: Lang, kk: string, today: string): string | null {
  return firstProblem(tr, lang, parseKkNumber(kk, idContext(today)).errors);
}
