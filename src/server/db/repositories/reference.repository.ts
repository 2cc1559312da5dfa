import type { Kysely } from 'kysely';
import type { BenefitIndexRow, BenefitRules, SettingsRow } from '../../../domain/benefits';
import type { DB } from '../schema';

/** The row holding a deployment's override of a shipped document is named `<name>@deployment`. */
export const OVERRIDE_SUFFIX = '@deployment';
export const overrideName = (name: string) => `${name}${OVERRIDE_SUFFIX}`;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasCode = (v: unknown): v is { code: string } => isObject(v) && typeof v.code === 'string';

/**
 * A shipped document with a deployment's override applied, key by key:
 * - `settings` rows (compliance-rules: `{fromYear, key, value}`) are appended after the shipped ones, so for
 *   the same year and key the deployment's row wins (the domain resolves rows in year, then list order);
 * - arrays of objects with a `code` (the sanction ladder's `steps`) are merged element by element on `code`;
 * - other objects are merged recursively; anything else (numbers, other arrays) is replaced.
 */
export function applyDocumentOverride(shipped: unknown, override: unknown): unknown {
  if (!isObject(override)) return shipped;
  if (!isObject(shipped)) return override;
  const out: Record<string, unknown> = { ...shipped };
  for (const [key, value] of Object.entries(override)) {
    const base = shipped[key];
    if (key === 'settings' && Array.isArray(base) && Array.isArray(value)) out[key] = [...base, ...value];
    else if (Array.isArray(base) && Array.isArray(value) && base.every(hasCode) && value.every(hasCode)) {
      out[key] = base.map((b) => {
        const o = value.find((v) => v.code === b.code);
        return o ? applyDocumentOverride(b, o) : b;
      });
    } else if (isObject(base) && isObject(value)) out[key] = applyDocumentOverride(base, value);
    else out[key] = value;
  }
  return out;
}

export class ReferenceRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * A reference document as in force: the shipped content with the deployment's override applied
   * (`applyDocumentOverride`). The override lives in its own row (`<name>@deployment`, origin
   * 'deployment'), which `migrate` never touches, so a deployment's change survives a refreshed file.
   */
  async document(name: string): Promise<unknown | undefined> {
    const rows = await this.db
      .selectFrom('reference_documents')
      .select(['name', 'content'])
      .where('name', 'in', [name, overrideName(name)])
      .execute();
    const shipped = rows.find((r) => r.name === name);
    if (!shipped) return undefined;
    const override = rows.find((r) => r.name !== name);
    const doc = JSON.parse(shipped.content);
    return override ? applyDocumentOverride(doc, JSON.parse(override.content)) : doc;
  }

  /** The shipped document alone (no deployment override), or undefined. */
  async shippedDocument(name: string): Promise<unknown | undefined> {
    const row = await this.db.selectFrom('reference_documents').select('content').where('name', '=', name).executeTakeFirst();
    return row ? JSON.parse(row.content) : undefined;
  }

  /** The deployment's override of a document (`{}` when there is none). */
  async documentOverride(name: string): Promise<Record<string, unknown>> {
    const row = await this.db.selectFrom('reference_documents').select('content').where('name', '=', overrideName(name)).executeTakeFirst();
    return row ? (JSON.parse(row.content) as Record<string, unknown>) : {};
  }

  /** Terms a deployment added to a shipped taxonomy (activity types, supporting factors, obstacles). */
  /** The deployment's own terms, active or not (`active`: offered for new records). */
  async taxonomyTerms(): Promise<Array<{ taxonomy: string; code: string; labelId: string; labelEn: string; groupCode: string | null; active: boolean }>> {
    const rows = await this.db
      .selectFrom('taxonomy_terms')
      .select(['taxonomy', 'code', 'label_id as labelId', 'label_en as labelEn', 'group_code as groupCode', 'active'])
      .orderBy('taxonomy')
      .orderBy('code')
      .execute();
    return rows.map((r) => ({ ...r, active: Number(r.active) === 1 }));
  }

  async documentNames(): Promise<string[]> {
    const rows = await this.db.selectFrom('reference_documents').select('name').orderBy('name').execute();
    return rows.map((r) => r.name).filter((n) => !n.endsWith(OVERRIDE_SUFFIX));
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
