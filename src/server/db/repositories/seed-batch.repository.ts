/**
 * Set-based writes of groups (kelompok) with their members and of P2K2 sessions with their attendance,
 * for trusted bulk writers (the demo seed). The rows are the ones GroupsRepository.create and
 * createSession write, without their per-record scope checks (the caller vouches for the groups and
 * families); multi-row INSERTs sized for both engines, in the caller's transaction (or one of their own).
 */
import type { Kysely } from 'kysely';
import type { CalendarDate } from '../../../domain/types';
import { uuidv7 } from '../../../domain/ids';
import type { DB } from '../schema';
import { type AuditActor, type AuditDraft, appendAudit } from './audit.repository';
import { insertInChunks } from './batch-insert';
import { appendChanges, type ChangeEntry } from './change-log';
import type { NewGroup, NewSession } from './groups.repository';

export interface BatchGroup {
  group: NewGroup;
  members: string[];
  ketuaFamilyId: string | null;
  startDate: CalendarDate;
}

export interface BatchSession {
  session: NewSession;
  /** The group's region (the session's kab/kota for the change log, its kelurahan for the audit trail). */
  kabKotaCode: string;
  kelurahanCode: string;
}

/** Per-record audit entries (the ones the groups repository writes), or one summary entry for the batch. */
export type SeedAudit = 'per_record' | { summary: AuditDraft };

export class SeedBatchRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private run<T>(trx: Kysely<DB> | undefined, fn: (t: Kysely<DB>) => Promise<T>): Promise<T> {
    return trx ? fn(trx) : this.db.transaction().execute(fn);
  }

  /** Groups and their memberships from `startDate`; `regionOf` gives a member family's kelurahan. */
  async insertGroups(items: BatchGroup[], actor: AuditActor, at: string, regionOf: (familyId: string) => string | null, audit: SeedAudit = 'per_record', trx?: Kysely<DB>): Promise<{ groups: number; members: number }> {
    if (items.length === 0) return { groups: 0, members: 0 };
    return this.run(trx, async (t) => {
      await insertInChunks(
        t,
        'family_groups',
        items.map(({ group: g, ketuaFamilyId }) => ({
          id: g.id,
          name: g.name,
          province_code: g.provinceCode,
          kab_kota_code: g.kabKotaCode,
          kecamatan_code: g.kecamatanCode,
          kelurahan_code: g.kelurahanCode,
          pendamping_id: g.pendampingId,
          ketua_family_id: ketuaFamilyId,
          meeting_place: g.meetingPlace,
          version: 1,
          created_at: at,
          updated_at: at,
          updated_by: actor.id,
          deleted_at: null,
        })),
      );
      const members = items.flatMap(({ group, members: familyIds, startDate }) =>
        familyIds.map((familyId) => ({
          id: uuidv7(),
          group_id: group.id,
          family_id: familyId,
          start_date: startDate,
          end_date: null,
          end_reason: null,
          version: 1,
          created_at: at,
          updated_at: at,
          updated_by: actor.id,
          deleted_at: null,
          kabKotaCode: group.kabKotaCode,
        })),
      );
      await insertInChunks(
        t,
        'family_group_members',
        members.map(({ kabKotaCode: _k, ...row }) => row),
      );
      const changes: ChangeEntry[] = [
        ...items.map(({ group: g }) => ({ entity: 'group', recordId: g.id, familyId: null, kabKotaCode: g.kabKotaCode, op: 'create' as const, version: 1 })),
        ...members.map((m) => ({ entity: 'group_member', recordId: m.id, familyId: m.family_id, kabKotaCode: m.kabKotaCode, op: 'create' as const, version: 1 })),
      ];
      await appendChanges(t, changes, actor.id, at);
      await appendAudit(
        t,
        actor,
        at,
        audit === 'per_record'
          ? items.flatMap(({ group: g, members: familyIds, ketuaFamilyId, startDate }) => [
              {
                action: 'group.create',
                entity: 'group',
                recordId: g.id,
                regionCode: g.kelurahanCode,
                after: { name: g.name, kelurahanCode: g.kelurahanCode, pendampingId: g.pendampingId, meetingPlace: g.meetingPlace, ketuaFamilyId, members: familyIds },
              },
              ...familyIds.map((familyId) => ({ action: 'group.join', entity: 'group', recordId: g.id, familyId, regionCode: regionOf(familyId) ?? g.kelurahanCode, after: { startDate } })),
            ])
          : [audit.summary],
      );
      return { groups: items.length, members: members.length };
    });
  }

  /** Sessions (new ones: there is no attendance to replace) with their attendance. */
  async insertSessions(items: BatchSession[], actor: AuditActor, at: string, audit: SeedAudit = 'per_record', trx?: Kysely<DB>): Promise<{ sessions: number; attendance: number }> {
    if (items.length === 0) return { sessions: 0, attendance: 0 };
    return this.run(trx, async (t) => {
      await insertInChunks(
        t,
        'p2k2_sessions',
        items.map(({ session: s }) => ({
          id: s.id,
          group_id: s.groupId,
          module_code: s.moduleCode,
          session_code: String(s.session),
          date: s.date,
          place: s.place,
          narrative: s.narrative,
          status: s.status,
          makeup_of: s.makeupOf,
          pendamping_id: actor.id,
          version: 1,
          created_at: at,
          updated_at: at,
          updated_by: actor.id,
          deleted_at: null,
        })),
      );
      const attendance = items.flatMap(({ session: s }) =>
        s.attendance.map((a) => ({
          id: uuidv7(),
          session_id: s.id,
          family_id: a.familyId,
          status: a.status,
          reason: a.reason,
          version: 1,
          created_at: at,
          updated_at: at,
          updated_by: actor.id,
          deleted_at: null,
        })),
      );
      await insertInChunks(t, 'p2k2_attendance', attendance);
      await appendChanges(
        t,
        items.map(({ session: s, kabKotaCode }) => ({ entity: 'p2k2_session', recordId: s.id, familyId: null, kabKotaCode, op: 'create' as const, version: 1 })),
        actor.id,
        at,
      );
      await appendAudit(
        t,
        actor,
        at,
        audit === 'per_record'
          ? items.map(({ session: s, kelurahanCode }) => ({
              action: 'p2k2.session_record',
              entity: 'p2k2_session',
              recordId: s.id,
              regionCode: kelurahanCode,
              after: { groupId: s.groupId, module: s.moduleCode, session: s.session, date: s.date, status: s.status, makeupOf: s.makeupOf, attendance: s.attendance },
            }))
          : [audit.summary],
      );
      return { sessions: items.length, attendance: attendance.length };
    });
  }
}
