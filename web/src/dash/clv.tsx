// Lifetime value: the model's fit and holdout check, the CLV distribution, P(alive) against
// recency, and the offer plan within a budget with the admin's button that issues its coupons.
import { useMemo, useState } from 'preact/hooks';
import { get, post, query, type Table } from '../lib/api';
import { saveFile, toCsv } from '../lib/csv';
import { fmtDate, fmtInt, fmtMoney } from '../lib/format';
import { useAction } from '../lib/hooks';
import { session } from '../lib/session';
import { useSignal } from '../lib/signal';
import { ErrorBox, Field, Notice, Page, Stat, formValues } from '../ui';
import { Chart, type ChartOption } from './chart';
import { DashBar, Loaded, ReportTable, useDash, useReport } from './common';

const EDGES = [0, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

function minusDays(date: string, days: number) {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

interface Plan extends Table {
  budget: string;
  expected_cost: string;
  customers: number;
  eligible: number;
  over_budget: number;
}

export function Clv() {
  const dash = useDash();
  const model = useReport('clv-model', dash.asOf);
  const calibrationEnd = minusDays(dash.asOf, 182);
  const holdout = useReport('clv-model', calibrationEnd, { holdout_end: dash.asOf });
  const clv = useReport('clv', dash.asOf);
  const histogram = useMemo((): ChartOption => {
    const counts = EDGES.map(() => 0);
    for (const r of clv.data?.rows ?? []) {
      const v = Number(r.clv);
      let i = EDGES.length - 1;
      while (i > 0 && v < EDGES[i]) i--;
      counts[i]++;
    }
    const labels = EDGES.map((e, i) => (i === EDGES.length - 1 ? `£${fmtInt(e)}+` : `£${fmtInt(e)}–${fmtInt(EDGES[i + 1])}`));
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 56, right: 16, top: 16, bottom: 64 },
      xAxis: { type: 'category', data: labels, axisLabel: { rotate: 30 } },
      yAxis: { type: 'value', name: 'Customers' },
      series: [{ type: 'bar', data: counts, itemStyle: { color: '#1d4ed8' }, label: { show: true, position: 'top', fontSize: 10 } }],
    };
  }, [clv.data]);
  const scatter = useMemo((): ChartOption => {
    // At most 3,000 points: enough to see the shape on a large shop.
    const rows = clv.data?.rows ?? [];
    const step = Math.max(1, Math.ceil(rows.length / 3000));
    const points = rows.filter((_, i) => i % step === 0).map((r) => [Number(r.T) - Number(r.t_x), Number(r.p_alive)]);
    return {
      tooltip: { formatter: (p: { data: [number, number] }) => `${p.data[0].toFixed(1)} weeks since last order · P(alive) ${(p.data[1] * 100).toFixed(1)}%` },
      grid: { left: 56, right: 16, top: 16, bottom: 48 },
      xAxis: { type: 'value', name: 'Weeks since the last order', nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'value', name: 'P(alive)', min: 0, max: 1 },
      series: [{ type: 'scatter', symbolSize: 5, data: points, itemStyle: { color: '#ea580c', opacity: 0.6 } }],
    };
  }, [clv.data]);
  const holdoutOption = useMemo((): ChartOption => {
    const rows = (holdout.data?.rows ?? []).filter((r) => r.section === 'holdout_weekly');
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
  }, [holdout.data]);
  return (
    <Page title="Lifetime value">
      <DashBar dash={dash} />
      <div class="grid2">
        <Loaded state={clv}>
          {() => (
            <div>
              <h2>CLV distribution (52 weeks)</h2>
              <Chart option={histogram} label="Histogram of customers by predicted lifetime value" />
            </div>
          )}
        </Loaded>
        <Loaded state={clv}>
          {() => (
            <div>
              <h2>P(alive) vs recency</h2>
              <Chart option={scatter} label="Scatter of probability alive against weeks since last order" />
            </div>
          )}
        </Loaded>
      </div>
      <Loaded state={clv}>
        {(t) => <ReportTable table={t} caption="Highest lifetime value (first 25; the CSV has every customer)" file="clv" rows={t.rows.slice(0, 25)} />}
      </Loaded>
      <h2>Holdout check</h2>
      <p class="muted">
        Fitted on orders up to {fmtDate(calibrationEnd)}, then predicted against what happened until {fmtDate(dash.asOf)}.
      </p>
      <Loaded state={holdout}>
        {(t) => (
          <>
            <Chart option={holdoutOption} label="Predicted and actual cumulative repeat purchases in the holdout period" />
            <ReportTable table={t} caption="Holdout" file="clv-holdout" rows={t.rows.filter((r) => String(r.section).startsWith('holdout'))} />
          </>
        )}
      </Loaded>
      <Loaded state={model}>{(t) => <ReportTable table={t} caption="Model fit" file="clv-model" />}</Loaded>
      <OfferPlan asOf={dash.asOf} />
    </Page>
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
