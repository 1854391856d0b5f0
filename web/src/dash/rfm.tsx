// RFM: the 5x5 R-by-F grid as a heat map (customers and revenue per cell), segment sizes and
// revenue shares, the top-50% tier; a segment's customers (paged) with a CSV for an e-mail tool.
// Reads the chosen snapshot; without one, the live segments report draws the same grid.
import { useMemo } from 'preact/hooks';
import { get, query } from '../lib/api';
import { downloadFromApi } from '../lib/csv';
import { fmtDate, fmtInt, fmtMoney, fmtShare } from '../lib/format';
import { useAction, useLoad } from '../lib/hooks';
import { setQuery, useLocation } from '../lib/router';
import { CsvButton, DataTable, ErrorBox, Page, Pager, Stat } from '../ui';
import { Chart, type ChartOption } from './chart';
import { DashBar, Loaded, NoSnapshot, TakeSnapshotButton, useDash, usePageParam, useReport } from './common';
import { useSnapshot } from './overview';

interface Cell {
  r: number;
  f: number;
  customers: number;
  revenue: string;
  segment?: string;
}
interface SegmentRow {
  segment: string;
  customers: number;
  revenue: string;
  revenue_share: number;
}
interface CustomerRow {
  customer_id: number;
  first_name: string;
  last_name: string;
  email: string;
  recency_days: number;
  frequency: number;
  monetary: string;
  r: number;
  f: number;
  m: number;
  segment: string;
  activity: string;
  clv: string | null;
}

function heatmap(cells: Cell[], currency: string): ChartOption {
  const max = Math.max(1, ...cells.map((c) => c.customers));
  return {
    tooltip: {
      formatter: (p: { data: [number, number, number, string, string] }) =>
        `R ${p.data[1] + 1}, F ${p.data[0] + 1}<br/>${p.data[4] ?? ''}<br/>${fmtInt(p.data[2])} customers<br/>${fmtMoney(p.data[3], currency)}`,
    },
    grid: { left: 56, right: 16, top: 16, bottom: 72 },
    xAxis: { type: 'category', data: ['F1', 'F2', 'F3', 'F4', 'F5'], name: 'Frequency score', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'category', data: ['R1', 'R2', 'R3', 'R4', 'R5'], name: 'Recency', nameLocation: 'middle', nameGap: 40 },
    // dimension 2: the customer count (by default ECharts would read the last, the segment name).
    visualMap: { dimension: 2, min: 0, max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, inRange: { color: ['#eef4ff', '#1d4ed8'] } },
    series: [
      {
        type: 'heatmap',
        data: cells.map((c) => [c.f - 1, c.r - 1, c.customers, c.revenue, c.segment ?? '']),
        label: {
          show: true,
          formatter: (p: { data: [number, number, number, string] }) => `${fmtInt(p.data[2])}\n${compactMoney(p.data[3], currency)}`,
          fontSize: 11,
          lineHeight: 14,
        },
      },
    ],
  };
}

function compactMoney(v: string, currency: string) {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(Number(v));
}

export function Rfm() {
  const dash = useDash();
  const { params } = useLocation();
  const snap = useSnapshot(dash.snapshot?.id, dash.snapshotsLoaded && !!dash.snapshot);
  // The live reports only when there is no snapshot: the snapshot holds the same figures.
  const liveOnly = dash.snapshotsLoaded && !dash.snapshot;
  const live = useReport('segments', dash.asOf, {}, liveOnly);
  const top = useReport('top-customers', dash.asOf, { share: 0.5 }, liveOnly);
  const segment = params.get('segment') ?? '';
  const s = snap.data;
  // The grid and segments from the snapshot, or from the live report when there is none.
  const { cells, segments, currency, asOf } = useMemo(() => {
    if (s) return { cells: s.rfm_grid as Cell[], segments: s.segments, currency: s.currency, asOf: s.as_of };
    const rows = live.data?.rows ?? [];
    return {
      cells: rows.filter((r) => r.group === 'cell') as unknown as Cell[],
      segments: rows.filter((r) => r.group === 'segment') as unknown as SegmentRow[],
      currency: live.data?.currency ?? 'GBP',
      asOf: live.data?.as_of ?? dash.asOf,
    };
  }, [s, live.data]);
  const option = useMemo(() => heatmap(cells, currency), [cells, currency]);
  const tier = s
    ? s.top_tier
    : top.data
      ? {
          customers: top.data.rows.length,
          revenue_share: Number(top.data.rows[top.data.rows.length - 1]?.cumulative_share ?? 0),
        }
      : undefined;
  const pick = (name: string) => {
    const next: Record<string, string> = {};
    params.forEach((v, k) => (next[k] = v));
    setQuery({ ...next, segment: name, page: undefined }, true);
  };
  return (
    <Page title="RFM segments">
      <DashBar dash={dash}>
        <TakeSnapshotButton onTaken={dash.reloadSnapshots} />
      </DashBar>
      <p class="muted">
        As of <strong>{fmtDate(asOf)}</strong> — {s ? `snapshot #${s.id}` : 'live data (take a snapshot to list a segment’s customers)'}.
      </p>
      <ErrorBox error={snap.error ?? live.error} />
      <div class="stats">
        <Stat label="Customers with an order" value={fmtInt(segments.reduce((n, x) => n + x.customers, 0))} />
        {tier && (
          <Stat
            label="Top tier (50% of revenue)"
            value={`${fmtInt(tier.customers)} customers`}
            note={`${fmtShare(tier.customers / Math.max(1, segments.reduce((n, x) => n + x.customers, 0)))} of customers bring ${fmtShare(tier.revenue_share)} of revenue`}
          />
        )}
      </div>
      <div class="grid2">
        <div>
          <h2>R by F grid</h2>
          <Chart option={option} label="Heat map of customers by recency and frequency score" />
        </div>
        <div>
          <div class="page-head">
            <h2>Segments</h2>
            <CsvButton name={`segments-${asOf}.csv`} columns={['segment', 'customers', 'revenue', 'revenue_share']} rows={segments as never} />
          </div>
          <DataTable
            caption="Segment sizes and revenue shares; choose one to list its customers"
            rows={segments}
            empty="No customer has ordered by this date."
            columns={[
              {
                key: 'segment',
                label: 'Segment',
                render: (x) => (
                  <button type="button" class="link" aria-pressed={segment === x.segment} onClick={() => pick(x.segment)}>
                    {x.segment}
                  </button>
                ),
              },
              { key: 'customers', label: 'Customers', numeric: true, render: (x) => fmtInt(x.customers) },
              { key: 'revenue', label: 'Revenue', numeric: true, render: (x) => fmtMoney(x.revenue, currency) },
              { key: 'revenue_share', label: 'Share', numeric: true, render: (x) => fmtShare(x.revenue_share) },
            ]}
          />
        </div>
      </div>
      {segment && (dash.snapshot ? <SegmentCustomers snapshotId={dash.snapshot.id} segment={segment} currency={currency} /> : (
        <>
          <h2>{segment}</h2>
          <NoSnapshot />
        </>
      ))}
    </Page>
  );
}

function SegmentCustomers(props: { snapshotId: number; segment: string; currency: string }) {
  const [page, goto] = usePageParam('page');
  const path = `/snapshots/${props.snapshotId}/customers`;
  const customers = useLoad(
    () => get<{ total: number; page: number; page_size: number; items: CustomerRow[] }>(path + query({ segment: props.segment, page, page_size: 25 })),
    [path, props.segment, page],
  );
  const download = useAction();
  return (
    <section aria-labelledby="segment-customers">
      <div class="page-head">
        <h2 id="segment-customers">Customers in {props.segment}</h2>
        <button
          type="button"
          class="secondary"
          disabled={download.busy}
          onClick={() =>
            download.run(() =>
              downloadFromApi(path + query({ segment: props.segment, format: 'csv' }), `segment-${props.segment.toLowerCase().replace(/\s+/g, '-')}.csv`),
            )
          }
        >
          Export CSV for e-mail
        </button>
      </div>
      <ErrorBox error={download.error} />
      <Loaded state={customers}>
        {(c) => (
          <>
            <DataTable
              caption={`${fmtInt(c.total)} customers`}
              rows={c.items}
              rowKey={(x) => x.customer_id}
              empty="No customer in this segment."
              columns={[
                { key: 'customer_id', label: 'Id', numeric: true },
                { key: 'name', label: 'Name', render: (x) => `${x.first_name} ${x.last_name}` },
                { key: 'email', label: 'E-mail' },
                { key: 'recency_days', label: 'Days since order', numeric: true },
                { key: 'frequency', label: 'Orders', numeric: true },
                { key: 'monetary', label: 'Revenue', numeric: true, render: (x) => fmtMoney(x.monetary, props.currency) },
                { key: 'rfm', label: 'R F M', render: (x) => `${x.r} ${x.f} ${x.m}` },
                { key: 'activity', label: 'Activity' },
                { key: 'clv', label: 'CLV', numeric: true, render: (x) => fmtMoney(x.clv, props.currency) },
              ]}
            />
            <Pager page={c.page} pageSize={c.page_size} total={c.total} onPage={goto} />
          </>
        )}
      </Loaded>
    </section>
  );
}
