import { useId, useState } from 'react';
import { isRetryable } from '../../api/client';
import { ErrorMessage, Loading } from '../../app/ui';
import { useRegionStats } from '../../data/admin-queries';
import { useMe } from '../../data/queries';
import { useFormat, useT } from '../../i18n/I18nProvider';

/**
 * Wilayah: the Kemendagri regions as a tree (provinsi → kota/kabupaten → kecamatan → kelurahan/desa), each
 * with the families and pendamping in the user's scope. Read-only: regions are reference data.
 */
export function RegionsSection() {
  const tr = useT();
  const heading = useId();
  const me = useMe();
  // A user with a region starts at it (a koordinator kota at the kota's kecamatan), not at the 38 provinces.
  const scope = me.data?.regionCode ?? null;
  return (
    <section className="section card" aria-labelledby={heading}>
      <h2 id={heading}>{tr('web.admin.tab.regions')}</h2>
      <p className="muted">{tr('web.admin.regions.lead')}</p>
      {me.isPending ? (
        <Loading />
      ) : (
        <>
          {scope && <p className="region-scope">{tr('web.admin.regions.scope', { name: me.data?.regionName ?? scope, code: scope })}</p>}
          <RegionChildren parent={scope} label={tr('web.admin.tab.regions')} />
        </>
      )}
    </section>
  );
}

function RegionChildren({ parent, label, root = true }: { parent: string | null; label: string; root?: boolean }) {
  const tr = useT();
  const list = useRegionStats(parent);
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorMessage error={list.error} onRetry={isRetryable(list.error) ? () => list.refetch() : undefined} />;
  if (list.data.items.length === 0) return <p className="muted">{tr('web.admin.regions.none')}</p>;
  return (
    <ul className="region-tree" role={root ? 'tree' : 'group'} aria-label={root ? label : undefined}>
      {list.data.items.map((r) => (
        <RegionNode key={r.code} region={r} />
      ))}
    </ul>
  );
}

function RegionNode({ region }: { region: { code: string; name: string; level: string; families: number | null; pendamping: number | null } }) {
  const tr = useT();
  const fmt = useFormat();
  const [open, setOpen] = useState(false);
  const leaf = region.level === 'kelurahan' || region.level === 'desa';
  const counts = (
    <span className="region-counts muted">
      {tr('web.admin.regions.counts', { families: fmt.number(region.families ?? 0), pendamping: fmt.number(region.pendamping ?? 0) })}
    </span>
  );
  return (
    <li role="treeitem" aria-expanded={leaf ? undefined : open} aria-selected={false} data-code={region.code}>
      <div className="region-row">
        {leaf ? (
          <span className="region-name">{region.name}</span>
        ) : (
          <button type="button" className="button-link region-toggle" onClick={() => setOpen(!open)} aria-label={tr(open ? 'web.admin.regions.collapse' : 'web.admin.regions.expand', { name: region.name })}>
            <span aria-hidden="true">{open ? '▾' : '▸'}</span> {region.name}
          </button>
        )}
        <span className="mono muted">{region.code}</span>
        <span className="badge badge-muted">{tr(`web.admin.regions.level.${region.level}`)}</span>
        {counts}
      </div>
      {open && !leaf && <RegionChildren parent={region.code} label={region.name} root={false} />}
    </li>
  );
}
