import type { FieldCipher } from '../../security/field-cipher';
import type { Database } from '../database';
import { AccessRepository } from './access.repository';
import { AggregatesRepository } from './aggregates.repository';
import { ActivitiesRepository } from './activities.repository';
import { AttachmentsRepository } from './attachments.repository';
import { AuditRepository } from './audit.repository';
import { AuthRepository } from './auth.repository';
import { CasePlansRepository } from './case-plans.repository';
import { ComplianceRepository } from './compliance.repository';
import { DataUpdatesRepository } from './data-updates.repository';
import { ExportsRepository } from './exports.repository';
import { FamiliesRepository } from './families.repository';
import { GraduationRepository } from './graduation.repository';
import { GroupsRepository } from './groups.repository';
import { ImportsRepository } from './imports.repository';
import { ReferenceRepository } from './reference.repository';
import { RegionsRepository } from './regions.repository';
import { ReportsRepository } from './reports.repository';
import { SanctionsRepository } from './sanctions.repository';
import { SnapshotsRepository } from './snapshots.repository';
import { SystemRepository } from './system.repository';
import { SyncRepository } from './sync.repository';
import { TimelineRepository } from './timeline.repository';
import { DashboardRepository } from './dashboard.repository';
import { TodayRepository } from './today.repository';
import { AnalyticsRepository } from './analytics.repository';
import { ResearchRepository } from './research.repository';

export interface Repositories {
  access: AccessRepository;
  aggregates: AggregatesRepository;
  activities: ActivitiesRepository;
  attachments: AttachmentsRepository;
  audit: AuditRepository;
  auth: AuthRepository;
  casePlans: CasePlansRepository;
  compliance: ComplianceRepository;
  dataUpdates: DataUpdatesRepository;
  exports: ExportsRepository;
  families: FamiliesRepository;
  graduation: GraduationRepository;
  groups: GroupsRepository;
  imports: ImportsRepository;
  reference: ReferenceRepository;
  regions: RegionsRepository;
  reports: ReportsRepository;
  sanctions: SanctionsRepository;
  snapshots: SnapshotsRepository;
  system: SystemRepository;
  sync: SyncRepository;
  timeline: TimelineRepository;
  dashboard: DashboardRepository;
  today: TodayRepository;
  analytics: AnalyticsRepository;
  research: ResearchRepository;
}

/** The repositories over a database. NIK and No. KK pass through `cipher` on their way in and out. */
export function createRepositories(database: Database, cipher: FieldCipher): Repositories {
  return {
    access: new AccessRepository(database.db),
    aggregates: new AggregatesRepository(database.db, database.engine),
    activities: new ActivitiesRepository(database.db),
    attachments: new AttachmentsRepository(database.db),
    audit: new AuditRepository(database.db, database.engine),
    auth: new AuthRepository(database.db),
    casePlans: new CasePlansRepository(database.db),
    compliance: new ComplianceRepository(database.db),
    dataUpdates: new DataUpdatesRepository(database.db, cipher),
    exports: new ExportsRepository(database.db, cipher),
    families: new FamiliesRepository(database.db, cipher),
    graduation: new GraduationRepository(database.db, database.engine),
    groups: new GroupsRepository(database.db),
    imports: new ImportsRepository(database.db),
    reference: new ReferenceRepository(database.db),
    regions: new RegionsRepository(database.db),
    reports: new ReportsRepository(database.db),
    sanctions: new SanctionsRepository(database.db),
    snapshots: new SnapshotsRepository(database.db),
    system: new SystemRepository(database.db),
    sync: new SyncRepository(database.db, cipher),
    timeline: new TimelineRepository(database.db),
    dashboard: new DashboardRepository(database.db, database.engine),
    today: new TodayRepository(database.db),
    analytics: new AnalyticsRepository(database.db, database.engine),
    research: new ResearchRepository(database.db, database.engine),
  };
}
