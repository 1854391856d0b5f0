// What every dashboard shares: the as-of date and snapshot picker (kept in the URL), loading a
// report of /api/v1/analytics, and a report table with its CSV download.
import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';
import { ApiError, get, post, query, type Table } from '../lib/api';
import { fmtDate, fmtMoney, fmtNum, fmtShare, today } from '../lib/format';
import { useAction, useLoad, type Loaded } from '../lib/hooks';
import { setQuery, useLocation } from '../lib/router';
import { session } from '../lib/session';
import { useSignal } from '../lib/signal';
import { CsvButton, DataTable, Empty, ErrorBox, Loading, type Column } from '../ui';

export interface SnapshotSummary {
  id: number;
  as_of: string;
  taken_at: string;
  customers: number;
}

// The snapshots, newest first; an empty list while the server has none (or no snapshot API).
export function useSnapshots(): Loaded<SnapshotSummary[]> {
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

export function useReport(name: string, asOf: string, options: Record<string, string | number | undefined> = {}) {
  const q = query({ as_of: asOf, ...options });
  return useLoad(() => get<Table>(`/analytics/${name}${q}`), [name, q]);
}

const MONEY = new Set([
  'revenue', 'monetary', 'aov', 'discount', 'cost', 'margin', 'gross_margin', 'cpc', 'clv', 'spend',
  'expected_value', 'value_at_risk', 'expected_cost', 'revenue_with_coupon', 'revenue_without_coupon',
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
        <CsvButton name={`${props.file}-${t.as_of}.csv`} columns={t.columns} rows={t.rows} />
      </div>
      <DataTable caption={`${props.caption}, as of ${fmtDate(t.as_of)}`} columns={cols} rows={rows} empty={props.empty} />
    </div>
  );
}

export function Loaded<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ComponentChildren }) {
  return (
    <>
      <ErrorBox error={state.error} />
      {state.loading && !state.data && <Loading />}
      {state.data !== undefined && children(state.data)}
    </>
  );
}

export const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
