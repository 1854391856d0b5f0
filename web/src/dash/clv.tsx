// Lifetime value from the chosen snapshot (never refitted here): the CLV distribution, P(alive)
// against recency, the model's fit and holdout check stored with the snapshot, the customers by
// CLV (paged), and the offer plan within a budget with the admin's button that issues its coupons.
import { useMemo, useState } from 'preact/hooks';
import { get, post, query, type Table } from '../lib/api';
import { saveFile, toCsv } from '../lib/csv';
import { fmtDate, fmtInt, fmtMoney } from '../lib/format';
import { useAction, useLoad } from '../lib/hooks';
import { session } from '../lib/session';
import { useSignal } from '../lib/signal';
import { DataTable, Empty, ErrorBox, Field, Notice, Page, Pager, Stat, formValues } from '../ui';
import { Chart, type ChartOption } from './chart';
import { DashBar, Loaded, NoSnapshot, ReportTable, useDash, usePageParam } from './common';

interface ClvDistribution {
  id: number;
  as_of: string;
  currency: string;
  clv_fitted: boolean;
  customers: number;
  customers_with_clv: number;
  total_clv: string;
  buckets: { from: string; to: string | null; customers: number; clv: string; monetary: string }[];
  points: { customer_id: number; recency_days: number; p_alive: number; clv: string }[];
  model: Table | null;
  holdout: Table | null;
}

interface ClvCustomer {
  customer_id: number;
  first_name: string;
  last_name: string;
  recency_days: number;
  frequency: number;
  monetary: string;
  segment: string;
  clv: string | null;
}

interface Plan extends Table {
  budget: string;
  expected_cost: string;
  customers: number;
  eligible: number;
  over_budget: number;
}

const whole = (v: string) => fmtInt(Number(v));

export function Clv() {
  const dash = useDash();
  const id = dash.snapshot?.id;
  const dist = useLoad(() => (id ? get<ClvDistribution>(`/snapshots/${id}/clv`) : Promise.resolve(undefined)), [id]);
  const d = dist.data;
  const histogram = useMemo((): ChartOption => {
    const buckets = d?.buckets ?? [];
    const labels = buckets.map((b) => (b.to === null ? `£${whole(b.from)}+` : `£${whole(b.from)}–${whole(b.to)}`));
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 56, right: 16, top: 16, bottom: 64 },
      xAxis: { type: 'category', data: labels, axisLabel: { rotate: 30 } },
      yAxis: { type: 'value', name: 'Customers' },
      series: [{ type: 'bar', data: buckets.map((b) => b.customers), itemStyle: { color: '#1d4ed8' }, label: { show: true, position: 'top', fontSize: 10 } }],
    };
  }, [d]);
  const scatter = useMemo((): ChartOption => {
    // The snapshot's sample: at most 2,000 customers spread over the whole distribution.
    const points = (d?.points ?? []).map((p) => [p.recency_days / 7, p.p_alive]);
    return {
      tooltip: { formatter: (p: { data: [number, number] }) => `${p.data[0].toFixed(1)} weeks since last order · P(alive) ${(p.data[1] * 100).toFixed(1)}%` },
      grid: { left: 56, right: 16, top: 16, bottom: 48 },
      xAxis: { type: 'value', name: 'Weeks since the last order', nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'value', name: 'P(alive)', min: 0, max: 1 },
      series: [{ type: 'scatter', symbolSize: 5, data: points, itemStyle: { color: '#ea580c', opacity: 0.6 } }],
    };
  }, [d]);
  const holdoutOption = useMemo((): ChartOption => {
    const rows = (d?.holdout?.rows ?? []).filter((r) => r.section === 'holdout_weekly');
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 56, right: 16, top: 32, bottom: 48 },
      xAxis: { type: 'category', data: rows.map((r) => String(r.key)) },
      yAxis: { type: 'value', name: 'Cumulative repeat purchases' },
      series: [
        { type: 'line', name: 'Predicted', data: rows.map((r) => Number(r.predicted)), itemStyle: { color: '#1d4ed8' } },
        { type: 'line', name: 'Actual', data: rows.map((r) => Number(r.actual)), itemStyle: { color: '#ea580c' } },
      ],
    };
  }, [d]);
  if (dash.snapshotsLoaded && !dash.snapshot)
    return (
      <Page title="Lifetime value">
        <DashBar dash={dash} />
        <p class="muted">Lifetime value is read from a snapshot: pick one above.</p>
        {dash.snapshots.length === 0 && <NoSnapshot />}
        <OfferPlan asOf={dash.asOf} />
      </Page>
    );
  return (
    <Page title="Lifetime value">
      <DashBar dash={dash} />
      <Loaded state={dist}>
        {(x) =>
          x && (
            <>
              {!x.clv_fitted && <Empty>The lifetime-value model could not be fitted on this snapshot (too few customers or repeat buyers).</Empty>}
              <div class="stats">
                <Stat label="Customers with a CLV" value={fmtInt(x.customers_with_clv)} note={`of ${fmtInt(x.customers)} in snapshot #${x.id}`} />
                <Stat label="Total CLV (52 weeks)" value={fmtMoney(x.total_clv, x.currency)} note={`as of ${fmtDate(x.as_of)}`} />
              </div>
              <div class="grid2">
                <div>
                  <h2>CLV distribution (52 weeks)</h2>
                  <Chart option={histogram} label="Histogram of customers by predicted lifetime value" />
                </div>
                <div>
                  <h2>P(alive) vs recency</h2>
                  <Chart option={scatter} label="Scatter of probability alive against weeks since last order" />
                </div>
              </div>
              <ReportTable
                table={{
                  report: 'clv-distribution',
                  as_of: x.as_of,
                  currency: x.currency,
                  columns: ['clv_from', 'clv_below', 'customers', 'clv', 'revenue'],
                  rows: x.buckets.map((b) => ({ clv_from: b.from, clv_below: b.to, customers: b.customers, clv: b.clv, revenue: b.monetary })),
                }}
                caption="CLV buckets: customers, their CLV and revenue"
                file="clv-distribution"
              />
            </>
          )
        }
      </Loaded>
      {id !== undefined && d && <TopByClv snapshotId={id} currency={d.currency} />}
      <h2>Holdout check</h2>
      {d?.holdout ? (
        <>
          <p class="muted">
            Fitted on orders up to {fmtDate(d.holdout.as_of)}, then predicted against what happened until {fmtDate(d.as_of)} (stored with the snapshot).
          </p>
          <Chart option={holdoutOption} label="Predicted and actual cumulative repeat purchases in the holdout period" />
          <ReportTable table={d.holdout} caption="Holdout" file="clv-holdout" rows={d.holdout.rows.filter((r) => String(r.section).startsWith('holdout'))} />
        </>
      ) : (
        d && <Empty>No holdout check in this snapshot (the model could not be fitted on the earlier orders).</Empty>
      )}
      {d?.model && <ReportTable table={d.model} caption="Model fit" file="clv-model" />}
      <OfferPlan asOf={dash.asOf} />
    </Page>
  );
}

// The snapshot's customers by CLV, highest first, a page at a time (?clv_page=N).
function TopByClv(props: { snapshotId: number; currency: string }) {
  const [page, goto] = usePageParam('clv_page');
  const path = `/snapshots/${props.snapshotId}/customers`;
  const customers = useLoad(
    () => get<{ total: number; page: number; page_size: number; items: ClvCustomer[] }>(path + query({ sort: 'clv', page, page_size: 25 })),
    [path, page],
  );
  return (
    <section aria-labelledby="clv-customers">
      <h2 id="clv-customers">Highest lifetime value</h2>
      <Loaded state={customers}>
        {(c) => (
          <>
            <DataTable
              caption={`Customers by CLV, page ${c.page}`}
              rows={c.items}
              rowKey={(x) => x.customer_id}
              empty="No customer in this snapshot."
              columns={[
                { key: 'customer_id', label: 'Id', numeric: true },
                { key: 'name', label: 'Name', render: (x) => `${x.first_name} ${x.last_name}` },
                { key: 'segment', label: 'Segment' },
                { key: 'recency_days', label: 'Days since order', numeric: true },
                { key: 'frequency', label: 'Orders', numeric: true },
                { key: 'monetary', label: 'Revenue', numeric: true, render: (x) => fmtMoney(x.monetary, props.currency) },
                { key: 'clv', label: 'CLV', numeric: true, render: (x) => (x.clv === null ? '–' : fmtMoney(x.clv, props.currency)) },
              ]}
            />
            <Pager page={c.page} pageSize={c.page_size} total={c.total} onPage={goto} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function OfferPlan({ asOf }: { asOf: string }) {
  const s = useSignal(session);
  const [plan, setPlan] = useState<Plan>();
  const [params, setParams] = useState<Record<string, string>>({});
  const [issued, setIssued] = useState<string>();
  const planning = useAction();
  const issuing = useAction();
  const submit = (e: Event) => {
    const v = formValues(e);
    const p = { budget: v.budget, segment: v.segment, ladder: v.ladder, as_of: asOf };
    setParams(p);
    setIssued(undefined);
    planning.run(async () => setPlan(await get<Plan>('/offers/plan' + query(p))));
  };
  const issue = (e: Event) => {
    const v = formValues(e);
    issuing.run(async () => {
      const body: Record<string, string | number> = { ...params, campaign: v.campaign, valid_days: Number(v.valid_days) };
      for (const k of ['segment', 'ladder']) if (!body[k]) delete body[k];
      const r = await post<Table & { created: number; reused: number; campaign_id: number }>('/offers/coupons', body);
      setIssued(`${fmtInt(r.created)} coupons created, ${fmtInt(r.reused)} kept from an earlier run, campaign #${r.campaign_id}.`);
      saveFile(`offer-coupons-${asOf}.csv`, toCsv(r.columns, r.rows));
    });
  };
  return (
    <section class="panel" aria-labelledby="offer-plan">
      <h2 id="offer-plan" style={{ marginTop: 0 }}>
        Offer plan
      </h2>
      <form class="form-row" onSubmit={submit}>
        <Field label="Budget (£)" name="budget" defaultValue="500.00" inputMode="decimal" required />
        <Field label="Segment (optional)" name="segment" placeholder="At risk" />
        <Field label="Ladder (% off)" name="ladder" defaultValue="0,5,10,15,20" />
        <button type="submit" disabled={planning.busy}>
          {planning.busy ? 'Planning…' : 'Plan offers'}
        </button>
      </form>
      <ErrorBox error={planning.error} />
      {plan && (
        <>
          <div class="stats" style={{ marginTop: '12px' }}>
            <Stat label="Offers" value={fmtInt(plan.rows.filter((r) => Number(r.percent_off) > 0).length)} note={`to ${fmtInt(plan.eligible)} customers at risk of ${fmtInt(plan.customers)}`} />
            <Stat label="Expected cost" value={fmtMoney(plan.expected_cost, plan.currency)} note={`of a budget of ${fmtMoney(plan.budget, plan.currency)}`} />
            <Stat label="Over budget" value={fmtInt(plan.over_budget)} note="offers skipped for the budget" />
          </div>
          <ReportTable table={plan} caption="Plan, highest value at risk first (first 25; the CSV has all)" file="offer-plan" rows={plan.rows.slice(0, 25)} empty="Nobody qualifies for an offer." />
          {s?.role === 'admin' ? (
            <form class="form-row" onSubmit={issue} style={{ marginTop: '12px' }}>
              <Field label="Campaign name" name="campaign" defaultValue={`Win-back ${asOf}`} required />
              <Field label="Valid for (days)" name="valid_days" type="number" min={1} max={3650} defaultValue="30" required />
              <button type="submit" disabled={issuing.busy || plan.rows.length === 0}>
                Create the plan’s personal coupons
              </button>
            </form>
          ) : (
            <p class="muted">An admin can issue this plan as personal coupons.</p>
          )}
          <ErrorBox error={issuing.error} />
          {issued && <Notice>{issued} The CSV for the e-mail tool has been downloaded.</Notice>}
        </>
      )}
    </section>
  );
}
