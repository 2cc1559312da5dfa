/**
 * The criteria set and version an assessment was judged against, in words: "Kesiapan Graduasi Sejahtera
 * Mandiri (sementara), versi 0.2", and whether a newer version is in force now. An older assessment keeps
 * its own version (and threshold): the screens name it rather than imply today's.
 */
import type { ScoredWith } from '../../data/graduation';
import type { TFunction } from '../../i18n/I18nProvider';
import './messages-versions';

/** "versi 0.2"; a label that already says "versi …"/"version …" (stored before labels had to be numbers) as it is. */
export function versionWord(tr: TFunction, version: string): string {
  return /^(versi|version)\b/i.test(version.trim()) ? version.trim() : tr('web.grad.versionWord', { version });
}

/** "{set name}, versi {label}"; the name alone when the version is not known (an assessment made offline for a set the phone lacks). */
export function setVersionText(tr: TFunction, set: Pick<ScoredWith, 'name' | 'version'>): string {
  return set.version ? tr('web.grad.setVersion', { name: set.name, version: versionWord(tr, set.version) }) : set.name;
}

/**
 * An assessment's set and version as the "attach an assessment" choice names it: "versi 0.1", with the set's
 * name first when `withName` (the family's assessments use more than one set), marked "(versi lama)" when a
 * newer version is in force now.
 */
export function optionSetText(tr: TFunction, set: Pick<ScoredWith, 'name' | 'version' | 'inForce' | 'supersededBy'>, withName: boolean): string {
  const named = withName ? setVersionText(tr, set) : set.version ? versionWord(tr, set.version) : tr('web.grad.versionUnknown');
  return set.inForce === false && set.supersededBy ? tr('web.grad.versionOldMark', { version: named }) : named;
}

/** "Versi lama: kini berlaku versi 0.3." for an assessment judged against a version since replaced; null otherwise. */
export function supersededText(tr: TFunction, set: Pick<ScoredWith, 'inForce' | 'supersededBy'>): string | null {
  return set.inForce === false && set.supersededBy ? tr('web.grad.versionSuperseded', { version: versionWord(tr, set.supersededBy.version) }) : null;
}
