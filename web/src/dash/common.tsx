// What every dashboard shares: the as-of date and snapshot picker (kept in the URL), loading a
// report of /api/v1/analytics, and a report table with its CSV download.
import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';
import { ApiError, get, post, query, type Table } from '../lib/api';
import { fmtDate, fmtMoney, fmtNum, fmtShare, today } from '../lib/format';
import { useAction, useLoad, type Loaded as LoadState } from '../lib/hooks';
import { setQuery, useLocation } from '../lib/router';
import { session } from '../lib/session';
import { useSignal } from '../lib/signal';
import { saveFile, toCsv } from '../lib/csv';
import { CsvButton, DataTable, Empty, ErrorBox, Loading, Pager, type Column } from '../ui';

export interface SnapshotSummary {
  id: number;
  as_of: string;
  taken_at: string;
  customers: number;
}

// The snapshots, newest first; an empty list while the server has none (or no snapshot API).
export function useSnapshots(): LoadState<SnapshotSummary[]> {
  return useLoad(async () => {
    try {
      return (await get<{ items: SnapshotSummary[] }>('/snapshots')).items;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return [];
      throw e;
    }
  }, []);
}

export interface DashState {
  asOf: string; // the date the reports use
  snapshot: SnapshotSummary | undefined; // the chosen (default: latest) snapshot
  snapshots: SnapshotSummary[];
  snapshotsLoaded: boolean;
  reloadSnapshots: () => void;
}

// ?snapshot=ID picks a snapshot (its as-of date then drives the reports); ?as_of=DATE a date.
export function useDash(): DashState {
  const { params } = useLocation();
  const snaps = useSnapshots();
  const list = snaps.data ?? [];
  const wanted = params.get('snapshot');
  const explicitDate = params.get('as_of');
  const snapshot = wanted ? list.find((s) => String(s.id) === wanted) : explicitDate ? undefined : list[0];
  return {
    asOf: explicitDate ?? snapshot?.as_of ?? today(),
    snapshot,
    snapshots: list,
    snapshotsLoaded: !snaps.loading,
    reloadSnapshots: snaps.reload,
  };
}

export function NoSnapshot() {
  return (
    <Empty>
      No snapshot yet — take one with <code>cartwise snapshot take</code> or the button (admin).
    </Empty>
  );
}

export function TakeSnapshotButton({ asOf, onTaken }: { asOf?: string; onTaken: () => void }) {
  const s = useSignal(session);
  const action = useAction();
  if (s?.role !== 'admin') return null;
  return (
    <div class="field">
      <button
        type="button"
        disabled={action.busy}
        onClick={() => action.run(async () => (await post('/snapshots', asOf ? { as_of: asOf } : {}), onTaken()))}
      >
        {action.busy ? 'Taking a snapshot…' : 'Take a snapshot now'}
      </button>
      <ErrorBox error={action.error} />
    </div>
  );
}

// The bar on top of each dashboard: as-of date, snapshot choice.
export function DashBar({ dash, children }: { dash: DashState; children?: ComponentChildren }) {
  const { params } = useLocation();
  const keep = (extra: Record<string, string | undefined>) => {
    const next: Record<string, string | undefined> = {};
    params.forEach((v, k) => (next[k] = v));
    setQuery({ ...next, ...extra }, true);
  };
  return (
    <div class="dash-bar">
      <div class="field">
        <label for="dash-asof">As of</label>
        <input
          id="dash-asof"
          type="date"
          value={dash.asOf}
          max={today()}
          onChange={(e) => keep({ as_of: (e.target as HTMLInputElement).value || undefined, snapshot: undefined })}
        />
      </div>
      <div class="field">
        <label for="dash-snapshot">Snapshot</label>
        <select
          id="dash-snapshot"
          value={dash.snapshot ? String(dash.snapshot.id) : ''}
          onChange={(e) => {
            const id = (e.target as HTMLSelectElement).value;
            keep({ snapshot: id || undefined, as_of: undefined });
          }}
        >
          <option value="">{dash.snapshots.length ? 'Live data (no snapshot)' : 'No snapshot yet'}</option>
          {dash.snapshots.map((s) => (
            <option value={String(s.id)}>
              #{s.id} as of {fmtDate(s.as_of)}
            </option>
          ))}
        </select>
      </div>
      {children}
    </div>
  );
}

// A report of /api/v1/analytics; with `enabled` false nothing is asked (data stays undefined), so
// that a page does not pay for a report it shows only without a snapshot.
export function useReport(name: string, asOf: string, options: Record<string, string | number | undefined> = {}, enabled = true) {
  const q = query({ as_of: asOf, ...options });
  return useLoad(() => (enabled ? get<Table>(`/analytics/${name}${q}`) : Promise.resolve(undefined as unknown as Table)), [name, q, enabled]);
}

// A page number kept in the URL's query under `name` (default 1), and the way to move to another
// one while keeping the other parameters.
export function usePageParam(name: string): [number, (page: number) => void] {
  const { params } = useLocation();
  const page = Number(params.get(name) ?? '1') || 1;
  const goto = (p: number) => {
    const next: Record<string, string> = {};
    params.forEach((v, k) => (next[k] = v));
    setQuery({ ...next, [name]: String(p) }, true);
  };
  return [page, goto];
}

export interface PagedTable extends Table {
  page: number;
  page_size: number;
  total: number;
}

// One page of a report (the server cuts the rows: a list report has a row per customer), the page
// number kept in the URL under `pageParam` so that a reload or a shared link shows the same page.
export function usePagedReport(name: string, asOf: string, pageParam: string, options: Record<string, string | number | undefined> = {}, pageSize = 25) {
  const [page, goto] = usePageParam(pageParam);
  const q = query({ as_of: asOf, ...options });
  const paged = query({ as_of: asOf, ...options, page, page_size: pageSize });
  const loaded = useLoad(() => get<PagedTable>(`/analytics/${name}${paged}`), [name, paged]);
  // The whole table, asked for only when someone downloads it.
  const all = () => get<Table>(`/analytics/${name}${q}`);
  return { ...loaded, goto, all };
}

// A paged report's table with its pager; the CSV button fetches every row first.
export function PagedReportTable(props: { state: ReturnType<typeof usePagedReport>; caption: string; file: string; empty?: ComponentChildren }) {
  const download = useAction();
  return (
    <Loaded state={props.state}>
      {(t) => (
        <div>
          <ReportTable table={t} caption={`${props.caption} (${fmtNum(t.total)})`} file={props.file} empty={props.empty} csv={false} />
          <div class="page-head">
            <Pager page={t.page} pageSize={t.page_size} total={t.total} onPage={props.state.goto} />
            <button
              type="button"
              class="secondary"
              disabled={download.busy || t.total === 0}
              onClick={() => download.run(async () => {
                const whole = await props.state.all();
                saveFile(`${props.file}-${whole.as_of}.csv`, toCsv(whole.columns, whole.rows));
              })}
            >
              {download.busy ? 'Preparing the CSV…' : `Download CSV (all ${fmtNum(t.total)})`}
            </button>
          </div>
          <ErrorBox error={download.error} />
        </div>
      )}
    </Loaded>
  );
}

const MONEY = new Set([
  'revenue', 'monetary', 'aov', 'discount', 'cost', 'margin', 'gross_margin', 'cpc', 'clv', 'spend',
  'expected_value', 'value_at_risk', 'expected_cost', 'revenue_with_coupon', 'revenue_without_coupon',
  'clv_from', 'clv_below',
]);
const SHARE = /(share|_rate|^roi$|^m\d+$|^p_alive$)/;

export function formatCell(column: string, value: unknown, currency = 'GBP'): string {
  if (value === null || value === undefined || value === '') return '–';
  if (SHARE.test(column) && typeof value === 'number') return fmtShare(value);
  if (typeof value === 'string' && (MONEY.has(column) || /revenue|discount|cost/.test(column)) && /^-?\d+(\.\d+)?$/.test(value)) {
    return fmtMoney(value, currency);
  }
  if (typeof value === 'number') return column.endsWith('_id') || column === 'rank' ? String(value) : fmtNum(value);
  return String(value);
}

const label = (c: string) => c.replace(/_/g, ' ').replace(/^./, (x) => x.toUpperCase());

// A report's table with formatted cells and a CSV download of the raw values.
export function ReportTable(props: {
  table: Table | undefined;
  caption: string;
  file: string;
  columns?: string[];
  rows?: Record<string, unknown>[];
  empty?: ComponentChildren;
  csv?: boolean; // false: no CSV button (a paged table offers its own, of every row)
}) {
  const t = props.table;
  const columns = props.columns ?? t?.columns ?? [];
  const rows = props.rows ?? t?.rows ?? [];
  const cols: Column<Record<string, unknown>>[] = useMemo(
    () =>
      columns.map((c) => ({
        key: c,
        label: label(c),
        numeric: rows.some((r) => typeof r[c] === 'number' || (typeof r[c] === 'string' && /^-?\d+\.\d+$/.test(r[c] as string))),
        render: (r: Record<string, unknown>) => formatCell(c, r[c], t?.currency),
      })),
    [t, columns.join(), rows],
  );
  if (!t) return null;
  return (
    <div>
      <div class="page-head">
        <h2>{props.caption}</h2>
        {props.csv !== false && <CsvButton name={`${props.file}-${t.as_of}.csv`} columns={t.columns} rows={t.rows} />}
      </div>
      <DataTable caption={`${props.caption}, as of ${fmtDate(t.as_of)}`} columns={cols} rows={rows} empty={props.empty} />
    </div>
  );
}

export function Loaded<T>({ state, children }: { state: LoadState<T>; children: (data: T) => ComponentChildren }) {
  return (
    <>
      <ErrorBox error={state.error} />
      {state.loading && !state.data && <Loading />}
      {state.data !== undefined && children(state.data)}
    </>
  );
}

export const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
