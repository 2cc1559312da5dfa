import { useId, useState } from 'react';
import type { Criterion, MetRule } from '../../../domain/graduation/criteria';
import { isRetryable } from '../../api/client';
import { ErrorMessage, Loading } from '../../app/ui';
import type { StoredCriteriaSet } from '../../data/admin';
import { useCriteriaSetVersions } from '../../data/admin-queries';
import { type TFunction, useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { CriteriaSetEditor } from './CriteriaSetEditor';
import './messages';
import { labelOr } from './config-values';

/**
 * The graduation criteria sets in use (the latest version of each code): mode, version, revision,
 * source, number of criteria; a set opens to its criteria and its other stored versions, and an admin
 * makes a new version of it in the editor. Older versions stay for the assessments that used them.
 */
export function CriteriaSetsSection() {
  const tr = useT();
  const headingId = useId();
  const list = useCriteriaSetVersions(false);
  const [saved, setSaved] = useState<StoredCriteriaSet | null>(null);
  return (
    <section className="section card criteria-sets" aria-labelledby={headingId}>
      <h2 id={headingId}>{tr('web.admin.sets.title')}</h2>
      <p className="muted">{tr('web.admin.sets.lead')}</p>
      {saved && (
        <p className="alert alert-ok" role="status">
          {tr('web.admin.sets.saved', { version: saved.version, code: saved.code, revision: saved.revision })}
        </p>
      )}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} onRetry={isRetryable(list.error) ? () => list.refetch() : undefined} />
      ) : list.data.items.length === 0 ? (
        <p className="muted">{tr('web.admin.sets.none')}</p>
      ) : (
        <ul className="set-list" aria-busy={list.isFetching}>
          {list.data.items.map((set) => (
            <SetItem key={set.code} set={set} onSaved={setSaved} />
          ))}
        </ul>
      )}
    </section>
  );
}

function bilingual(lang: string, text: { id: string; en: string }): string {
  return lang === 'en' ? text.en : text.id;
}

export function scoringSummary(tr: TFunction, set: Pick<StoredCriteriaSet, 'scoring' | 'criteria'>, lang: string): string {
  const s = set.scoring;
  switch (s.mode) {
    case 'all':
      return tr('web.admin.sets.modeSummary.all');
    case 'n_of_m':
      return tr('web.admin.sets.modeSummary.n_of_m', { n: s.n, m: set.criteria.length });
    case 'weighted_threshold':
      return tr('web.admin.sets.modeSummary.weighted_threshold', { pct: `${Math.round(s.threshold * 1000) / 10}%` });
    case 'levels': {
      const level = s.levels.find((l) => l.name === s.graduateAt);
      return tr('web.admin.sets.modeSummary.levels', { level: level?.label ? bilingual(lang, level.label) : s.graduateAt });
    }
  }
}

function SetItem({ set, onSaved }: { set: StoredCriteriaSet; onSaved: (s: StoredCriteriaSet) => void }) {
  const tr = useT();
  const [lang] = useLang();
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const detailsId = useId();
  return (
    <li className="set" data-set={set.code}>
      <div className="set-head">
        <h3 className="set-name">{bilingual(lang, set.name)}</h3>
        <span className="term-code mono">{set.code}</span>
      </div>
      <dl className="set-facts">
        <div>
          <dt>{tr('web.admin.sets.version')}</dt>
          <dd className="set-version">{set.version}</dd>
        </div>
        <div>
          <dt>{tr('web.admin.sets.revision')}</dt>
          <dd>{set.revision}</dd>
        </div>
        <div>
          <dt>{tr('web.admin.sets.sourceLabel')}</dt>
          <dd>{tr(`web.admin.sets.source.${set.source}`)}</dd>
        </div>
        <div>
          <dt>{tr('web.admin.sets.mode')}</dt>
          <dd className="set-mode">{scoringSummary(tr, set, lang)}</dd>
        </div>
        <div>
          <dt>{tr('web.admin.sets.criteriaCount')}</dt>
          <dd className="set-count">{set.criteria.length}</dd>
        </div>
      </dl>
      {set.provisional && <span className="badge badge-info">{tr('web.admin.sets.provisional')}</span>}
      <div className="term-actions">
        <button
          type="button"
          className="button button-secondary"
          aria-expanded={open}
          aria-controls={detailsId}
          aria-label={tr(open ? 'web.admin.sets.hideOf' : 'web.admin.sets.showOf', { code: set.code })}
          onClick={() => setOpen((o) => !o)}
        >
          {tr(open ? 'web.admin.sets.hide' : 'web.admin.sets.show')}
        </button>
        {!editing && (
          <button type="button" className="button" aria-label={tr('web.admin.sets.newVersionOf', { code: set.code })} onClick={() => setEditing(true)}>
            {tr('web.admin.sets.newVersion')}
          </button>
        )}
      </div>
      <div id={detailsId} className="set-details" hidden={!open}>
        {open && (
          <>
            <h4>{tr('web.admin.sets.criteriaHeading')}</h4>
            <CriteriaList criteria={set.criteria} />
            <OtherVersions set={set} />
          </>
        )}
      </div>
      {editing && (
        <CriteriaSetEditor
          latest={set}
          onCancel={() => setEditing(false)}
          onSaved={(stored) => {
            setEditing(false);
            onSaved(stored);
          }}
        />
      )}
    </li>
  );
}

export function CriteriaList({ criteria }: { criteria: readonly Criterion[] }) {
  const tr = useT();
  const [lang] = useLang();
  const fmt = useFormat();
  return (
    <ol className="criteria-list">
      {criteria.map((c) => (
        <li key={c.code} className="criterion" data-criterion={c.code}>
          <span className="term-labels">
            <span className="term-label">{bilingual(lang, c.label)}</span>
            <span className="term-other" lang={lang === 'en' ? 'id' : 'en'}>
              {bilingual(lang === 'en' ? 'id' : 'en', c.label)}
            </span>
            <span className="term-code mono">{c.code}</span>
          </span>
          <dl className="criterion-facts">
            <div>
              <dt>{tr('web.admin.sets.answerType')}</dt>
              <dd>{answerText(tr, c)}</dd>
            </div>
            <div>
              <dt>{tr('web.admin.sets.rule')}</dt>
              <dd className="criterion-rule">{ruleText(tr, lang, c, c.met, fmt.rupiah)}</dd>
            </div>
            <div>
              <dt>{tr('web.admin.sets.weight')}</dt>
              <dd className="criterion-weight">{c.weight}</dd>
            </div>
            <div>
              <dt>{tr('web.admin.sets.mandatory')}</dt>
              <dd>{tr(c.mandatory ? 'web.admin.sets.mandatory' : 'web.admin.sets.optional')}</dd>
            </div>
            {c.systemSource && (
              <div>
                <dt>{tr('web.admin.sets.systemSource')}</dt>
                <dd>{tr(`web.admin.sets.systemSourceName.${c.systemSource}`)}</dd>
              </div>
            )}
          </dl>
        </li>
      ))}
    </ol>
  );
}

function answerText(tr: TFunction, c: Criterion): string {
  const a = c.answer;
  if (a.type === 'scale') return tr('web.admin.sets.answerScale', { min: a.min, max: a.max });
  if (a.type === 'number' && a.unit) return tr('web.admin.sets.answerNumber', { unit: a.unit });
  return tr(`web.admin.sets.answer.${a.type}`);
}

function ruleText(tr: TFunction, lang: string, c: Criterion, rule: MetRule, rupiah: (n: number) => string): string {
  switch (rule.type) {
    case 'is_true':
      return tr('web.admin.sets.ruleText.is_true');
    case 'at_least':
      return tr('web.admin.sets.ruleText.at_least', { value: c.answer.type === 'rupiah' ? rupiah(rule.value) : rule.value });
    case 'at_least_indicator':
      return tr('web.admin.sets.ruleText.at_least_indicator', { factor: rule.factor ?? 1, indicator: labelOr(tr, `web.admin.config.indicator.${rule.indicator}`, rule.indicator) });
    case 'one_of': {
      const options = c.answer.type === 'choice' ? c.answer.options : [];
      const values = rule.values.map((v) => {
        const o = options.find((x) => x.value === v);
        return o ? bilingual(lang, o.label) : v;
      });
      return tr('web.admin.sets.ruleText.one_of', { values: values.join(', ') });
    }
  }
}

/**
 * Where a stored version stands (the list's `status`): "diganti versi 0.2" naming the version in force now,
 * switched off, or in force; nothing from a server that does not say. A label stored before labels had to be
 * numbers ("versi tiga") is not said twice ("diganti versi tiga").
 */
function statusText(tr: ReturnType<typeof useT>, v: Pick<StoredCriteriaSet, 'status' | 'supersededBy'>): string | null {
  switch (v.status) {
    case 'superseded':
      return v.supersededBy
        ? tr('web.admin.sets.status.superseded', { version: v.supersededBy.version.trim().replace(/^(versi|version)\s+/i, '') })
        : tr('web.admin.sets.status.supersededNewer');
    case 'switched_off':
      return tr('web.admin.sets.status.switched_off');
    case 'in_force':
      return tr('web.admin.sets.status.in_force');
    default:
      return null;
  }
}

/** The set's other stored versions (`?all=true`), each openable to its criteria and saying which version replaced it. */
function OtherVersions({ set }: { set: StoredCriteriaSet }) {
  const tr = useT();
  const [lang] = useLang();
  const fmt = useFormat();
  const all = useCriteriaSetVersions(true);
  const others = all.data?.items.filter((s) => s.code === set.code && s.revision !== set.revision) ?? [];
  return (
    <div className="set-versions">
      <h4>{tr('web.admin.sets.olderVersions')}</h4>
      {all.isPending ? (
        <Loading />
      ) : all.isError ? (
        <ErrorMessage error={all.error} onRetry={isRetryable(all.error) ? () => all.refetch() : undefined} />
      ) : others.length === 0 ? (
        <p className="muted">{tr('web.admin.sets.noOlder')}</p>
      ) : (
        <ul className="version-list">
          {others.map((v) => (
            <li key={v.revision} className="version" data-revision={v.revision}>
              <details>
                <summary>
                  {tr('web.admin.sets.versionLine', {
                    version: v.version,
                    revision: v.revision,
                    source: tr(`web.admin.sets.source.${v.source}`),
                    date: v.createdAt ? fmt.date(v.createdAt.slice(0, 10)) : '–',
                  })}
                  {statusText(tr, v) && <span className="version-status"> · {statusText(tr, v)}</span>}
                </summary>
                <p className="muted">
                  {bilingual(lang, v.name)} · {scoringSummary(tr, v, lang)}
                </p>
                <CriteriaList criteria={v.criteria} />
              </details>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
