/**
 * The actions the server records (`grep -rn "action: '" src/server`, docs/security.md 5.1), grouped for the
 * screen's action filter. Each is named in words by the family history's `historyAction` (the catalogue keys
 * `web.history.action.*`); an action a newer server adds and this list lacks is still shown (by its code) and
 * can still be filtered on from the address.
 */
import type { Role } from '../../data/types';

const GRADUATION_STATES = ['candidate', 'assessed', 'statement_signed', 'proposed', 'approved', 'rejected', 'exited', 'monitoring', 'closed', 'reentered'] as const;

export const AUDIT_ACTION_GROUPS: ReadonlyArray<{ group: string; actions: readonly string[] }> = [
  { group: 'access', actions: ['auth.login', 'auth.login_failed', 'auth.logout', 'user.create', 'user.update', 'user.sessions_revoked', 'token.create', 'token.revoke', 'delegation.grant', 'delegation.revoke'] },
  {
    group: 'families',
    actions: ['family.create', 'family.update', 'family.assign', 'family.status', 'family.members_moved_out', 'family.read_sensitive', 'family.read', 'family.search_identifier', 'sync.read_sensitive', 'sync.conflict_resolve', 'data_update.propose', 'data_update.confirm', 'data_update.reject', 'data_update.withdraw', 'attachment.create', 'attachment.delete'],
  },
  {
    group: 'facilitation',
    actions: ['activity.create', 'activity.update', 'activity.delete', 'group.create', 'group.update', 'group.join', 'group.leave', 'p2k2.session_record', 'p2k2.session_hold', 'p2k2.session_cancel', 'p2k2.session_correct', 'case_plan.goal_add', 'case_plan.goal_change', 'case_plan.task_add', 'case_plan.task_change', 'referral.create', 'referral.change'],
  },
  { group: 'compliance', actions: ['compliance.observe', 'sanction.decide', 'sanction.revoke', 'snapshot.freeze'] },
  { group: 'graduation', actions: ['assessment.create', ...GRADUATION_STATES.map((s) => `graduation.${s}`), 'graduation.followup', 'graduation.target', 'pena_income.record'] },
  { group: 'settings', actions: ['config.change', 'criteria_set.version', 'taxonomy.add', 'taxonomy.update', 'identifiers.reencrypt'] },
  {
    group: 'reports',
    actions: [
      'report.monthly', 'report.dashboard', 'report.graduation_berita_acara', 'report.graduation_proposals',
      'export.families', 'export.compliance', 'export.activities', 'export.graduation', 'export.graduation_candidates',
      'export.analytics_graduation', 'export.analytics_survival', 'export.analytics_roles_usage', 'audit.export',
    ],
  },
  { group: 'imports', actions: ['registry.import_start', 'registry.import_dry_run', 'registry.import_apply_dry_run', 'registry.import_finish', 'registry.import_failed', 'registry.import_report'] },
  {
    group: 'research',
    actions: [
      'research.document_create', 'research.document_upload', 'research.document_read_identifiers', 'research.collect', 'research.copy_refresh', 'research.copy_withdraw', 'research.export',
      'research.code_create', 'research.code_change', 'research.category_create', 'research.category_change', 'research.category_delete', 'research.relation_create', 'research.relation_delete',
      'research.segment_create', 'research.segment_delete', 'research.memo_create', 'research.core_set',
    ],
  },
];

export const AUDIT_ACTIONS: readonly string[] = AUDIT_ACTION_GROUPS.flatMap((g) => g.actions);

/** Roles that read the trail of their region, its export and its verification (the server's canReadAuditTrail). */
export function readsAuditTrail(role: Role | null | undefined): boolean {
  return role === 'auditor' || role === 'admin';
}
