import type { Kysely } from 'kysely';
import type { BenefitIndexRow, BenefitRules, SettingsRow } from '../../../domain/benefits';
import type { DB } from '../schema';

export class ReferenceRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async document(name: string): Promise<unknown | undefined> {
    const row = await this.db.selectFrom('reference_documents').select('content').where('name', '=', name).executeTakeFirst();
    return row ? JSON.parse(row.content) : undefined;
  }

  /** Terms a deployment added to a shipped taxonomy (activity types, supporting factors, obstacles). */
  async taxonomyTerms(): Promise<Array<{ taxonomy: string; code: string; labelId: string; labelEn: string; groupCode: string | null }>> {
    return this.db
      .selectFrom('taxonomy_terms')
      .select(['taxonomy', 'code', 'label_id as labelId', 'label_en as labelEn', 'group_code as groupCode'])
      .where('active', '=', 1)
      .orderBy('taxonomy')
      .orderBy('code')
      .execute();
  }

  async documentNames(): Promise<string[]> {
    const rows = await this.db.selectFrom('reference_documents').select('name').orderBy('name').execute();
    return rows.map((r) => r.name);
  }

  async benefitIndex(): Promise<Array<BenefitIndexRow & { origin: string }>> {
    const rows = await this.db
      .selectFrom('benefit_index')
      .select(['year', 'component', 'annual_rupiah', 'confidence', 'note', 'origin'])
      .orderBy('year')
      .orderBy('component')
      .execute();
    return rows.map((r) => ({
      year: r.year,
      component: r.component as BenefitIndexRow['component'],
      annualRupiah: Number(r.annual_rupiah),
      confidence: r.confidence ?? undefined,
      note: r.note ?? undefined,
      origin: r.origin,
    }));
  }

  /** The benefit rules as plain data for the domain functions. */
  async benefitRules(): Promise<BenefitRules> {
    const [index, settingRows] = await Promise.all([
      this.benefitIndex(),
      this.db.selectFrom('program_settings').select(['from_year', 'key', 'value']).orderBy('from_year').execute(),
    ]);
    const byYear = new Map<number, Record<string, unknown>>();
    for (const r of settingRows) {
      const values = byYear.get(r.from_year) ?? {};
      values[r.key] = JSON.parse(r.value);
      byYear.set(r.from_year, values);
    }
    const settings: SettingsRow[] = [...byYear.entries()].map(([fromYear, values]) => ({ fromYear, values }));
    return { index: index.map(({ origin: _o, ...row }) => row), settings };
  }
}
