// Overview: the headline figures of a snapshot (revenue, orders, customers, AOV, repeat rate,
// abandonment) with the change against the previous snapshot.
import { ApiError, get } from '../lib/api';
import { fmtDate, fmtInt, fmtMoney, fmtShare, fmtTime } from '../lib/format';
import { useLoad } from '../lib/hooks';
import { CsvButton, Page, Stat } from '../ui';
import { DashBar, Loaded, NoSnapshot, TakeSnapshotButton, useDash } from './common';

export interface Headline {
  revenue: string;
  orders: number;
  customers: number;
  aov: string;
  repeat_rate: number;
  abandonment_rate: number;
}

export interface Snapshot {
  id: number;
  as_of: string;
  taken_at: string;
  currency: string;
  headline: Headline;
  previous: null | { id: number; as_of: string; headline: Headline };
  segments: { segment: string; customers: number; revenue: string; revenue_share: number }[];
  activity: { class: string; customers: number }[];
  rfm_grid: { r: number; f: number; customers: number; revenue: string }[];
  top_tier: { customers: number; revenue_share: number };
}

// The snapshot by id or the latest; null when there is none (or no snapshot API yet).
export function useSnapshot(id: number | undefined, enabled: boolean) {
  return useLoad(async () => {
    if (!enabled) return null;
    try {
      return await get<Snapshot>(`/snapshots/${id ?? 'latest'}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  }, [id, enabled]);
}

function Change({ now, before, kind }: { now: number; before: number | undefined; kind: 'money' | 'count' | 'share' }) {
  if (before === undefined) return <>no previous snapshot</>;
  const d = now - before;
  const text =
    kind === 'share'
      ? `${d >= 0 ? '+' : ''}${(d * 100).toFixed(1)} points`
      : before === 0
        ? '–'
        : `${d >= 0 ? '+' : ''}${fmtShare(d / before)}`;
  return <span class={d > 0 ? 'up' : d < 0 ? 'down' : undefined}>{text} vs previous</span>;
}

export function Overview() {
  const dash = useDash();
  const snap = useSnapshot(dash.snapshot?.id, dash.snapshotsLoaded && !!dash.snapshot);
  return (
    <Page title="Overview">
      <DashBar dash={dash}>
        <TakeSnapshotButton onTaken={dash.reloadSnapshots} />
      </DashBar>
      {dash.snapshotsLoaded && !dash.snapshot && <NoSnapshot />}
      <Loaded state={snap}>
        {(s) =>
          s && (
            <>
              <p class="muted">
                Snapshot #{s.id} as of <strong>{fmtDate(s.as_of)}</strong>, taken {fmtTime(s.taken_at)}
                {s.previous ? `; compared with #${s.previous.id} as of ${fmtDate(s.previous.as_of)}` : ''}.
              </p>
              <div class="stats">
                <Stat label="Revenue" value={fmtMoney(s.headline.revenue, s.currency)} note={<Change kind="money" now={Number(s.headline.revenue)} before={s.previous ? Number(s.previous.headline.revenue) : undefined} />} />
                <Stat label="Orders" value={fmtInt(s.headline.orders)} note={<Change kind="count" now={s.headline.orders} before={s.previous?.headline.orders} />} />
                <Stat label="Customers" value={fmtInt(s.headline.customers)} note={<Change kind="count" now={s.headline.customers} before={s.previous?.headline.customers} />} />
                <Stat label="Average order value" value={fmtMoney(s.headline.aov, s.currency)} note={<Change kind="money" now={Number(s.headline.aov)} before={s.previous ? Number(s.previous.headline.aov) : undefined} />} />
                <Stat label="Repeat rate" value={fmtShare(s.headline.repeat_rate)} note={<Change kind="share" now={s.headline.repeat_rate} before={s.previous?.headline.repeat_rate} />} />
                <Stat label="Cart abandonment" value={fmtShare(s.headline.abandonment_rate)} note={<Change kind="share" now={s.headline.abandonment_rate} before={s.previous?.headline.abandonment_rate} />} />
              </div>
              <CsvButton
                name={`overview-${s.as_of}.csv`}
                columns={['measure', 'value', 'previous']}
                rows={(Object.keys(s.headline) as (keyof Headline)[]).map((k) => ({
                  measure: k,
                  value: s.headline[k],
                  previous: s.previous?.headline[k] ?? null,
                }))}
              />
            </>
          )
        }
      </Loaded>
    </Page>
  );
}
