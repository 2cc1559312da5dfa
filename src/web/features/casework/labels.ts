/** What a proposed change says, in a few lines; who may decide. */
import type { DataUpdate, FamilyChange } from '../../data/casework';
import type { FamilyMember, Role } from '../../data/types';
import type { TFunction } from '../../i18n/I18nProvider';
import { labelOr } from '../families/labels';

/** Koordinator and admin confirm or reject proposals (the server's canManageCaseloads). */
export function canDecideDataUpdates(role: Role | null | undefined): boolean {
  return role === 'koordinator_kecamatan' || role === 'koordinator_kota' || role === 'admin';
}

/** The date a change holds from: the first start, end or effective date it carries. */
export function effectiveDateOf(change: FamilyChange | null): string | null {
  const m = change?.members;
  return m?.add?.find((a) => a.startDate)?.startDate ?? m?.end?.find((e) => e.endDate)?.endDate ?? m?.update?.find((u) => u.effectiveDate)?.effectiveDate ?? null;
}

const FLAGS = ['pregnant', 'postpartum', 'severeDisability'] as const;

/**
 * An RT or RW as it will be stored: the server pads 1-3 digits to three (`4` → `004`, families.service on
 * create and patch, as the registry import does), so the koordinator confirms "RT 004/RW 009", not the "RT 4/RW 09"
 * typed. Anything else (refused by the server anyway) is shown as it is.
 */
export function storedRtRw(v: string): string {
  const t = v.trim();
  return /^\d{1,3}$/.test(t) ? t.padStart(3, '0') : v;
}

/** One line per thing the change does. `members`: the family's members, to name those it refers to. */
export function summarise(tr: TFunction, change: FamilyChange | null, members: FamilyMember[] = [], date: (d: string) => string = (d) => d): string[] {
  if (!change) return [];
  const nameOf = (id: string) => members.find((m) => m.id === id)?.name || tr('web.dataUpdate.sum.aMember');
  const lines: string[] = [];
  for (const a of change.members?.add ?? []) {
    // The NIK too, when the caller sees identities (the server sends the change only to them): the koordinator
    // confirms who joins.
    lines.push(
      tr(a.nik ? 'web.dataUpdate.sum.addNik' : 'web.dataUpdate.sum.add', {
        name: a.name,
        relation: labelOr(tr, `web.relation.${a.relation}`, a.relation),
        sex: labelOr(tr, `web.sex.${a.sex}`, a.sex),
        born: date(a.birthDate),
        nik: a.nik ?? '',
      }),
    );
  }
  for (const e of change.members?.end ?? []) lines.push(tr(`web.dataUpdate.sum.end.${e.reason}`, { name: nameOf(e.id) }));
  for (const u of change.members?.update ?? []) {
    const what: string[] = [];
    if (u.schoolLevel) what.push(tr('web.dataUpdate.sum.school', { level: labelOr(tr, `web.school.${u.schoolLevel}`, u.schoolLevel) }));
    if (u.caretaker !== undefined) what.push(tr(u.caretaker ? 'web.dataUpdate.sum.caretakerOn' : 'web.dataUpdate.sum.caretakerOff'));
    for (const f of FLAGS) {
      if (u[f] !== undefined) what.push(tr(u[f] ? 'web.dataUpdate.sum.flagOn' : 'web.dataUpdate.sum.flagOff', { flag: tr(`web.member.flag.${f}`) }));
    }
    if (u.name) what.push(u.name);
    if (what.length) lines.push(tr('web.dataUpdate.sum.update', { name: nameOf(u.id), what: what.join(', ') }));
  }
  const { members: _m, version: _v, address, rt, rw, ...rest } = change;
  if (address || rt || rw) {
    const rtRw = rt || rw ? tr('web.family.rtrw', { rt: rt ? storedRtRw(rt) : '–', rw: rw ? storedRtRw(rw) : '–' }) : null;
    lines.push(tr('web.dataUpdate.sum.address', { address: [address, rtRw].filter(Boolean).join(', ') }));
  }
  for (const [field, value] of Object.entries(rest)) {
    if (value !== undefined) lines.push(tr('web.dataUpdate.sum.field', { field, value: value === null ? '–' : String(value) }));
  }
  return lines;
}

export function isOwnProposal(p: DataUpdate, username: string | undefined): boolean {
  return !!username && p.proposedBy === username;
}
