// Segment migration between two snapshots: the from x to matrix, a sankey, and the customers who
// moved to a worse segment.
import { useMemo } from 'preact/hooks';
import { get, query, type Table } from '../lib/api';
import { fmtDate, fmtInt, fmtMoney } from '../lib/format';
import { useLoad } from '../lib/hooks';
import { setQuery, useLocation } from '../lib/router';
import { CsvButton, DataTable, Empty, Page, Pager } from '../ui';
import { Chart, type ChartOption } from './chart';
import { Loaded, NoSnapshot, TakeSnapshotButton, useSnapshots, type SnapshotSummary } from './common';

interface Move {
  customer_id: number;
  first_name: string;
  last_name: string;
  email: string;
  from_segment: string;
  to_segment: string;
  monetary: string;
}

export function Migration() {
  const { params } = useLocation();
  const snaps = useSnapshots();
  const list = snaps.data ?? [];
  const to = params.get('to') ?? (list[0] ? String(list[0].id) : '');
  const from = params.get('from') ?? (list[1] ? String(list[1].id) : '');
  const choose = (key: 'from' | 'to', value: string) => setQuery({ from, to, [key]: value }, true);
  return (
    <Page title="Segment migration">
      <div class="dash-bar">
        <SnapshotSelect id="mig-from" label="From snapshot" list={list} value={from} onChange={(v) => choose('from', v)} />
        <SnapshotSelect id="mig-to" label="To snapshot" list={list} value={to} onChange={(v) => choose('to', v)} />
        <TakeSnapshotButton onTaken={snaps.reload} />
      </div>
      {!snaps.loading && list.length === 0 && <NoSnapshot />}
      {!snaps.loading && list.length === 1 && <Empty>Only one snapshot so far: migration compares two. The server takes one every 15 days.</Empty>}
      {from && to && <MigrationView from={from} to={to} />}
    </Page>
  );
}

function SnapshotSelect(props: { id: string; label: string; list: SnapshotSummary[]; value: string; onChange: (v: string) => void }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}>
        {props.list.map((s) => (
          <option value={String(s.id)}>
            #{s.id} as of {fmtDate(s.as_of)}
          </option>
        ))}
      </select>
    </div>
  );
}

function sankey(rows: { from_segment: string; to_segment: string; customers: number }[]): ChartOption {
  // Names on both sides must differ for a sankey: "Champions (before)" -> "Champions (after)".
  const nodes = new Set<string>();
  const links = rows
    .filter((r) => r.customers > 0)
    .map((r) => {
      const source = `${r.from_segment} ·`;
      const target = `· ${r.to_segment}`;
      nodes.add(source);
      nodes.add(target);
      return { source, target, value: r.customers };
    });
  return {
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'sankey',
        data: [...nodes].map((name) => ({ name })),
        links,
        nodeAlign: 'justify',
        left: 8,
        right: 110,
        top: 8,
        bottom: 8,
        label: { fontSize: 11 },
        lineStyle: { color: 'gradient', opacity: 0.4 },
      },
    ],
  };
}

function MigrationView({ from, to }: { from: string; to: string }) {
  const report = useLoad(() => get<Table>('/analytics/segment-migration' + query({ from_snapshot: from, to_snapshot: to })), [from, to]);
  const rows = (report.data?.rows ?? []) as unknown as { from_segment: string; to_segment: string; customers: number }[];
  const option = useMemo(() => sankey(rows), [report.data]);
  const { fromNames, toNames, count } = useMemo(() => {
    const f: string[] = [];
    const t: string[] = [];
    const m = new Map<string, number>();
    for (const r of rows) {
      if (!f.includes(r.from_segment)) f.push(r.from_segment);
      if (!t.includes(r.to_segment)) t.push(r.to_segment);
      m.set(`${r.from_segment}\u0000${r.to_segment}`, r.customers);
    }
    return { fromNames: f, toNames: t, count: m };
  }, [report.data]);
  return (
    <Loaded state={report}>
      {(t) => (
        <>
          <div class="page-head">
            <h2>From × to (customers)</h2>
            <CsvButton name={`segment-migration-${from}-${to}.csv`} columns={t.columns} rows={t.rows} />
          </div>
          <DataTable<{ from: string }>
            caption={`Rows: segment in snapshot #${from}; columns: segment in snapshot #${to}`}
            rows={fromNames.map((f) => ({ from: f }))}
            empty="No customer in either snapshot."
            columns={[
              { key: 'from', label: 'From \\ to', render: (r) => <strong>{r.from}</strong> },
              ...toNames.map((tn) => ({
                key: tn,
                label: tn,
                numeric: true,
                render: (r: { from: string }) => fmtInt(count.get(`${r.from}\u0000${tn}`) ?? 0),
              })),
            ]}
          />
          <h2>Flows</h2>
          <Chart option={option} height="480px" label="Sankey diagram of customers moving between segments" />
          <Downgrades from={from} to={to} />
        </>
      )}
    </Loaded>
  );
}

function Downgrades({ from, to }: { from: string; to: string }) {
  const { params } = useLocation();
  const page = Number(params.get('page') ?? '1') || 1;
  const moves = useLoad(
    () => get<{ total: number; page?: number; page_size?: number; items: Move[] }>('/snapshots/migration/customers' + query({ from, to, page })),
    [from, to, page],
  );
  return (
    <section>
      <h2>Customers who moved to a worse segment</h2>
      <Loaded state={moves}>
        {(m) => (
          <>
            <DataTable
              caption={`${fmtInt(m.total)} customers`}
              rows={m.items}
              empty="Nobody moved to a worse segment between these snapshots."
              columns={[
                { key: 'customer_id', label: 'Id', numeric: true },
                { key: 'name', label: 'Name', render: (x) => `${x.first_name} ${x.last_name}` },
                { key: 'email', label: 'E-mail' },
                { key: 'from_segment', label: 'From' },
                { key: 'to_segment', label: 'To' },
                { key: 'monetary', label: 'Revenue', numeric: true, render: (x) => fmtMoney(x.monetary) },
              ]}
            />
            <Pager page={m.page ?? page} pageSize={m.page_size ?? Math.max(1, m.items.length)} total={m.total} onPage={(p) => setQuery({ from, to, page: p }, true)} />
          </>
        )}
      </Loaded>
    </section>
  );
}
