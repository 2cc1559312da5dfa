/**
 * What a proposed data update (pemutakhiran) was based on, and what has changed since.
 *
 * A proposal changes some fields of a family and of some of its members. When it is made, the values of
 * exactly those fields are kept as its basis (on the phone, the values the pendamping saw). When a koordinator
 * confirms it, the fields are compared again: if none of them changed, the proposal applies to the family as
 * it is now, whatever else changed in between (another proposal confirmed, a status set); if one did, the
 * koordinator is shown what and decides knowingly. So nothing is overwritten silently, and unrelated changes
 * never block a proposal.
 *
 * Pure: no I/O. NIKs are never part of a basis.
 */

/** The family fields a change can touch. */
export const FAMILY_BASIS_FIELDS = ['kelurahanCode', 'address', 'rt', 'rw', 'joinedYear', 'decile', 'status', 'pendamping'] as const;
/** The member fields a change can touch (the NIK is left out: it is never kept as a basis). */
export const MEMBER_BASIS_FIELDS = ['name', 'relation', 'sex', 'birthDate', 'schoolLevel', 'pregnant', 'postpartum', 'severeDisability', 'caretaker'] as const;

export type FamilyBasisField = (typeof FAMILY_BASIS_FIELDS)[number];
export type MemberBasisField = (typeof MEMBER_BASIS_FIELDS)[number];
export type BasisValue = string | number | boolean | null;

export interface DataUpdateBasis {
  family: Partial<Record<FamilyBasisField, BasisValue>>;
  /** By member (person) id: the fields the change touches, and whether the member was in the family. */
  members: Record<string, { current: boolean; fields: Partial<Record<MemberBasisField, BasisValue>> }>;
}

/** The family as the basis reads it. */
export type BasisFamily = Record<FamilyBasisField, BasisValue | undefined>;
/** A current member as the basis reads it. */
export type BasisMember = { id: string } & Record<MemberBasisField, BasisValue | undefined>;

/** The part of a family PATCH a basis looks at. */
export interface BasisChange {
  kelurahanCode?: unknown;
  address?: unknown;
  rt?: unknown;
  rw?: unknown;
  joinedYear?: unknown;
  decile?: unknown;
  status?: unknown;
  pendamping?: unknown;
  members?: {
    update?: Array<{ id: string } & Partial<Record<MemberBasisField, unknown>>>;
    end?: Array<{ id: string }>;
  };
}

/** The basis fields of a family record (whatever else it holds). */
export function familyBasisOf(f: { [K in FamilyBasisField]?: BasisValue | undefined }): BasisFamily {
  return Object.fromEntries(FAMILY_BASIS_FIELDS.map((k) => [k, f[k]])) as BasisFamily;
}

/** The basis fields of a member record, with its id (whatever else it holds). */
export function memberBasisOf(m: { id: string } & { [K in MemberBasisField]?: BasisValue | undefined }): BasisMember {
  return { id: m.id, ...Object.fromEntries(MEMBER_BASIS_FIELDS.map((k) => [k, m[k]])) } as BasisMember;
}

/** Nothing, however written (a field left empty is sent as "" by some forms, stored as null). */
const norm = (v: BasisValue | undefined): BasisValue => (v === undefined || v === '' ? null : v);

/** The values, now, of the fields `change` touches. */
export function basisOf(change: BasisChange, family: BasisFamily, members: BasisMember[]): DataUpdateBasis {
  const basis: DataUpdateBasis = { family: {}, members: {} };
  for (const f of FAMILY_BASIS_FIELDS) if (change[f] !== undefined) basis.family[f] = norm(family[f]);
  const byId = new Map(members.map((m) => [m.id, m]));
  const entry = (id: string) => {
    const existing = basis.members[id];
    if (existing) return existing;
    const created: DataUpdateBasis['members'][string] = { current: byId.has(id), fields: {} };
    basis.members[id] = created;
    return created;
  };
  for (const u of change.members?.update ?? []) {
    const e = entry(u.id);
    const m = byId.get(u.id);
    for (const f of MEMBER_BASIS_FIELDS) if (u[f] !== undefined) e.fields[f] = norm(m?.[f]);
  }
  for (const x of change.members?.end ?? []) entry(x.id);
  return basis;
}

/** A change as `changesNothing` reads it: a BasisChange, with members added and a member's NIK. */
export interface ComparedChange extends Omit<BasisChange, 'members'> {
  members?: {
    add?: readonly unknown[];
    update?: ReadonlyArray<{ id: string; nik?: unknown; effectiveDate?: unknown } & Partial<Record<MemberBasisField, unknown>>>;
    end?: readonly unknown[];
  };
}

/** What a PATCH may hold besides the fields compared: said nothing about (the version) or the members. */
const FAMILY_KEYS_NOT_COMPARED = new Set(['version', 'members', 'basis']);
/** What a member update holds besides its fields: who, and from when. */
const MEMBER_KEYS_NOT_COMPARED = new Set(['id', 'effectiveDate']);

/** A value as sent, as a basis holds it; anything else (an object, a list) is not a basis value: never "the same". */
const asBasis = (v: unknown): BasisValue | undefined =>
  v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? norm(v) : undefined;

/** RT and RW are kept as three digits (an RT sent as "4" is stored "004"): compared so. */
const asStored = (field: string, v: BasisValue): BasisValue => ((field === 'rt' || field === 'rw') && typeof v === 'string' && /^\d{1,3}$/.test(v) ? v.padStart(3, '0') : v);

/**
 * True when applying `change` to the family and members as they are would change nothing: no member added or
 * ended, and every field it sets (family fields, members' fields, a member's NIK) already holds that value
 * ("" and no value being the same, as in a basis; an RT or RW as it is stored, three digits). Compared with the same fields a basis keeps
 * (familyBasisOf, memberBasisOf; a NIK when `members` carry one). A field it does not know, a member not in
 * `members`, or a value no basis could hold counts as a change (the change's own checks judge those).
 * An effective date alone changes nothing.
 */
export function changesNothing(change: ComparedChange, family: BasisFamily, members: ReadonlyArray<BasisMember & { nik?: string | null }>): boolean {
  for (const [k, v] of Object.entries(change)) {
    if (FAMILY_KEYS_NOT_COMPARED.has(k) || v === undefined) continue;
    if (!(FAMILY_BASIS_FIELDS as readonly string[]).includes(k)) return false;
    const sent = asBasis(v);
    if (sent === undefined || asStored(k, sent) !== asStored(k, norm(family[k as FamilyBasisField]))) return false;
  }
  const m = change.members;
  if ((m?.add?.length ?? 0) > 0 || (m?.end?.length ?? 0) > 0) return false;
  const byId = new Map(members.map((x) => [x.id, x]));
  for (const u of m?.update ?? []) {
    const current = byId.get(u.id);
    if (!current) return false;
    for (const [k, v] of Object.entries(u)) {
      if (MEMBER_KEYS_NOT_COMPARED.has(k) || v === undefined) continue;
      const known = k === 'nik' || (MEMBER_BASIS_FIELDS as readonly string[]).includes(k);
      if (!known) return false;
      const now = k === 'nik' ? (current.nik ?? null) : current[k as MemberBasisField];
      const sent = asBasis(v);
      if (sent === undefined || sent !== norm(now)) return false;
    }
  }
  return true;
}

/** A field the proposal touches that changed since it was made. */
export interface StaleField {
  /** `address`; `members.<id>.schoolLevel`; `members.<id>` for a member no longer in the family. */
  path: string;
  field: FamilyBasisField | MemberBasisField | 'member';
  memberId?: string;
  was: BasisValue;
  now: BasisValue;
}

/** What changed, among the fields a proposal touches, between its basis and the family now. Empty: nothing. */
export function staleFields(basis: DataUpdateBasis, family: BasisFamily, members: BasisMember[]): StaleField[] {
  const out: StaleField[] = [];
  for (const f of FAMILY_BASIS_FIELDS) {
    if (!(f in basis.family)) continue;
    const was = norm(basis.family[f]);
    const now = norm(family[f]);
    if (was !== now) out.push({ path: f, field: f, was, now });
  }
  const byId = new Map(members.map((m) => [m.id, m]));
  for (const [id, b] of Object.entries(basis.members)) {
    const m = byId.get(id);
    if (b.current && !m) {
      out.push({ path: `members.${id}`, field: 'member', memberId: id, was: true, now: false });
      continue;
    }
    if (!m) continue;
    for (const f of MEMBER_BASIS_FIELDS) {
      if (!(f in b.fields)) continue;
      const was = norm(b.fields[f]);
      const now = norm(m[f]);
      if (was !== now) out.push({ path: `members.${id}.${f}`, field: f, memberId: id, was, now });
    }
  }
  return out;
}
