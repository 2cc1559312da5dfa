/**
 * The independent model behind tests/medium/api/scope.property.test.ts: who should see which families
 * at which moment, computed only from what the test itself did (users created, families registered,
 * assignments, transfers, delegations granted and revoked) and never by asking the code under test.
 *
 * Rules modelled (the contract of src/server/db/scope.ts, restated):
 * - admin sees every family;
 * - koordinator_kota / koordinator_kecamatan / auditor / peneliti see the families whose kelurahan lies
 *   in their region (the region itself or below it);
 * - a pendamping sees the families assigned to them, and those assigned to a pendamping whose
 *   delegation to them is active at the moment: not revoked, startsAt <= now < endsAt.
 */
import { readFileSync } from 'node:fs';

export type Role = 'admin' | 'koordinator_kota' | 'koordinator_kecamatan' | 'pendamping' | 'auditor' | 'peneliti';

export interface MUser {
  username: string;
  id: string;
  role: Role;
  /** Kemendagri region code; null for admin. */
  region: string | null;
}

export interface MFamily {
  id: string;
  /** A word only this family's members carry in their names (lower case, for searches). */
  token: string;
  kk: string;
  kelurahan: string;
  /** Every kelurahan the family ever lay in (audit entries keep the one of their time). */
  kelHistory: Set<string>;
  /** Username of the assigned pendamping. */
  pendamping: string | null;
  status: string;
  /** NIKs of the members current today. */
  niks: string[];
  /** NIKs of members whose membership ended (a search by them finds nothing). */
  endedNiks: string[];
  childId: string;
  childNik: string;
  childEnded: boolean;
  /** Frozen entitlement periods (`2026-T1`). */
  snapshots: Set<string>;
  /** Activities recorded on the family (by hand and by held P2K2 sessions it attended). */
  activities?: number;
  /** Compliance periods closed for the family (`2025-Q4`). */
  closed?: Set<string>;
}

/** A group (kelompok): scoped like a family, by its region and the pendamping who runs it. */
export interface MGroup {
  id: string;
  name: string;
  kelurahan: string;
  /** Username of the pendamping who runs it. */
  pendamping: string | null;
  /** Current member families (ids). */
  members: string[];
  /** Held sessions recorded. */
  held: number;
  /** All sessions recorded (held and planned). */
  sessions: number;
}

export interface MDelegation {
  id: string;
  from: string;
  to: string;
  startsAt: string;
  endsAt: string;
  revoked: boolean;
}

export const MANAGER_ROLES: ReadonlySet<Role> = new Set(['admin', 'koordinator_kota', 'koordinator_kecamatan']);
export const WRITER_ROLES: ReadonlySet<Role> = new Set(['admin', 'koordinator_kota', 'koordinator_kecamatan', 'pendamping']);
export const AUDIT_READER_ROLES: ReadonlySet<Role> = new Set(['admin', 'auditor']);

/** Whether `code` is the region `outer` or lies inside it. */
export function regionContains(outer: string, code: string): boolean {
  return code === outer || code.startsWith(`${outer}.`);
}

/** Whether a region code lies in a user's region (admin: everywhere). */
export function withinUser(u: MUser, code: string | null): boolean {
  if (u.role === 'admin') return true;
  return u.region !== null && code !== null && regionContains(u.region, code);
}

/** Kelurahan codes by kecamatan, read from the shipped reference file. */
export function kelurahanByKecamatan(): Map<string, string[]> {
  const text = readFileSync(new URL('../../data/reference/wilayah-depok.csv', import.meta.url), 'utf8');
  const out = new Map<string, string[]>();
  for (const line of text.split(/\r?\n/).slice(1)) {
    const [code, , level, parent] = line.split(',');
    if (level !== 'kelurahan' || !parent) continue;
    out.set(parent, [...(out.get(parent) ?? []), code!]);
  }
  return out;
}

// ---- calendar helpers (Jakarta is UTC+7 all year) -----------------------------------------------

export function jakartaToday(now: Date): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

export function addDaysTo(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

/** The instant a Jakarta calendar day starts. */
export function jakartaMidnight(date: string): string {
  return new Date(`${date}T00:00:00+07:00`).toISOString();
}

// ---- the model ------------------------------------------------------------------------------------

export class ScopeModel {
  readonly users = new Map<string, MUser>();
  readonly families: MFamily[] = [];
  readonly delegations: MDelegation[] = [];
  readonly groups: MGroup[] = [];
  private readonly byId = new Map<string, MFamily>();

  addUser(u: MUser) {
    this.users.set(u.username, u);
  }

  addFamily(f: MFamily) {
    this.families.push(f);
    this.byId.set(f.id, f);
  }

  family(id: string): MFamily | undefined {
    return this.byId.get(id);
  }

  user(username: string): MUser {
    const u = this.users.get(username);
    if (!u) throw new Error(`unknown user ${username}`);
    return u;
  }

  pendamping(): MUser[] {
    return [...this.users.values()].filter((u) => u.role === 'pendamping');
  }

  delegationActive(d: MDelegation, now: string): boolean {
    return !d.revoked && d.startsAt <= now && now < d.endsAt;
  }

  /** The pendamping whose caseload `u` covers at `now` (direct delegations only: cover is not transitive). */
  covering(u: MUser, now: string): Set<string> {
    // Only the caseload of someone who is still a pendamping is covered.
    return new Set(
      this.delegations.filter((d) => d.to === u.username && this.delegationActive(d, now) && this.user(d.from).role === 'pendamping').map((d) => d.from),
    );
  }

  visible(u: MUser, f: MFamily, now: string): boolean {
    switch (u.role) {
      case 'admin':
        return true;
      case 'pendamping':
        return f.pendamping !== null && (f.pendamping === u.username || this.covering(u, now).has(f.pendamping));
      default:
        return u.region !== null && regionContains(u.region, f.kelurahan);
    }
  }

  /** Groups follow the family rules: admin all; a pendamping the groups they or a covered pendamping run; others their region. */
  groupVisible(u: MUser, g: MGroup, now: string): boolean {
    switch (u.role) {
      case 'admin':
        return true;
      case 'pendamping':
        return g.pendamping !== null && (g.pendamping === u.username || this.covering(u, now).has(g.pendamping));
      default:
        return u.region !== null && regionContains(u.region, g.kelurahan);
    }
  }

  visibleGroups(u: MUser, now: string): MGroup[] {
    return this.groups.filter((g) => this.groupVisible(u, g, now));
  }

  /** The group a family belongs to now, if any. */
  groupOf(familyId: string): MGroup | undefined {
    return this.groups.find((g) => g.members.includes(familyId));
  }

  visibleFamilies(u: MUser, now: string): MFamily[] {
    return this.families.filter((f) => this.visible(u, f, now));
  }

  /** Delegations `GET /delegations` shows `u`: admin all; pendamping their own (either side); others those of pendamping in their region. */
  delegationListed(u: MUser, d: MDelegation): boolean {
    if (u.role === 'admin') return true;
    if (u.role === 'pendamping') return d.from === u.username || d.to === u.username;
    return withinUser(u, this.user(d.from).region);
  }

  /** Whether a manager may revoke `d` (it concerns a pendamping of their region). */
  delegationManaged(u: MUser, d: MDelegation): boolean {
    return MANAGER_ROLES.has(u.role) && withinUser(u, this.user(d.from).region);
  }

  delegationState(d: MDelegation, now: string): 'revoked' | 'expired' | 'scheduled' | 'active' {
    if (d.revoked) return 'revoked';
    if (d.endsAt <= now) return 'expired';
    if (d.startsAt > now) return 'scheduled';
    return 'active';
  }

  /** Whether the audit trail shown to `u` may contain an entry with this region and family. */
  auditEntryAllowed(u: MUser, regionCode: string | null): boolean {
    return u.role === 'admin' || (u.region !== null && regionCode !== null && regionContains(u.region, regionCode));
  }

  /** Whether a family ever lay in `u`'s region (so its id may appear in their region's trail). */
  familyEverWithin(u: MUser, f: MFamily): boolean {
    if (u.role === 'admin') return true;
    return [...f.kelHistory].some((k) => withinUser(u, k));
  }
}
