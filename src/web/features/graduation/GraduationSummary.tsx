/** A small card for the family page: the family's graduation state and type, and the way to its graduation page. */
import { Link } from 'react-router';
import { ErrorMessage, Loading } from '../../app/ui';
import { useFamilyGraduation } from '../../data/graduation-queries';
import { useT } from '../../i18n/I18nProvider';
import { stateLabel, stateTone } from './labels';
import './graduation.css';

export function GraduationSummary({ familyId }: { familyId: string }) {
  const tr = useT();
  const g = useFamilyGraduation(familyId);
  return (
    <section className="section card grad-summary" aria-labelledby={`grad-summary-${familyId}`}>
      <h2 id={`grad-summary-${familyId}`}>{tr('web.grad.summary')}</h2>
      {g.isPending ? (
        <Loading />
      ) : g.isError ? (
        <ErrorMessage error={g.error} />
      ) : (
        <p className="grad-badges">
          <span className={`badge ${stateTone(g.data.state)}`}>{stateLabel(tr, g.data.state, g.data.case?.exitEffectiveDate)}</span>{' '}
          {g.data.type && <span className="badge badge-muted">{tr(`web.grad.type.${g.data.type}`)}</span>}
        </p>
      )}
      <p>
        <Link className="button button-secondary" to={`/keluarga/${familyId}/graduasi`}>
          {tr('web.grad.summaryOpen')}
        </Link>
      </p>
    </section>
  );
}

export default GraduationSummary;
