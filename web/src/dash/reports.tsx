// The dashboards that show live analytics reports at the chosen as-of date: a chart and the
// report's table with a CSV download each.
import { useMemo } from 'preact/hooks';
import type { Table } from '../lib/api';
import { fmtDate, fmtInt, fmtMoney, fmtShare } from '../lib/format';
import { setQuery, useLocation } from '../lib/router';
import { Page, Select } from '../ui';
import { Chart, type ChartOption } from './chart';
import { DashBar, Loaded, PagedReportTable, ReportTable, num, useDash, usePagedReport, useReport } from './common';

const BLUE = '#1d4ed8';
const ORANGE = '#ea580c';
const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;

function bars(
  categories: string[],
  series: { name: string; data: (number | null)[]; color?: string; percent?: boolean; money?: boolean }[],
  opts: { horizontal?: boolean; percent?: boolean } = {},
): ChartOption {
  const valueAxis = {
    type: 'value',
    axisLabel: { formatter: opts.percent ? (v: number) => pct(v) : undefined },
  };
  const categoryAxis = { type: 'category', data: categories, axisLabel: { interval: 0, rotate: opts.horizontal || categories.length < 8 ? 0 : 40 } };
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => (opts.percent ? pct(v) : fmtInt(v)) },
    legend: series.length > 1 ? { top: 0 } : undefined,
    grid: { left: opts.horizontal ? 130 : 56, right: 24, top: series.length > 1 ? 32 : 16, bottom: 64, containLabel: false },
    xAxis: opts.horizontal ? valueAxis : categoryAxis,
    yAxis: opts.horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
    series: series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: s.data,
      itemStyle: s.color ? { color: s.color } : undefined,
      label: { show: categories.length <= 12, position: opts.horizontal ? 'right' : 'top', formatter: (p: { value: number }) => (s.percent ? pct(p.value) : fmtInt(p.value)), fontSize: 10 },
    })),
  };
}

const col = (t: Table | undefined, c: string) => (t?.rows ?? []).map((r) => num(r[c]));
const names = (t: Table | undefined, c: string) => (t?.rows ?? []).map((r) => String(r[c]));

export function Activity() {
  const dash = useDash();
  const activity = useReport('activity', dash.asOf);
  const visitors = useReport('visitors-without-orders', dash.asOf);
  // The lists have a row per visitor or customer: paged by the server.
  const visitorsList = usePagedReport('visitors-without-orders', dash.asOf, 'visitors_page', { list: 'true' });
  const dormant = usePagedReport('dormant', dash.asOf, 'dormant_page');
  const option = useMemo(() => bars(names(activity.data, 'class'), [{ name: 'Customers', data: col(activity.data, 'customers'), color: BLUE }]), [activity.data]);
  return (
    <Page title="Activity">
      <DashBar dash={dash} />
      <Loaded state={activity}>
        {(t) => (
          <>
            <Chart option={option} label="Customers by activity class" />
            <ReportTable table={t} caption="Activity classes" file="activity" />
          </>
        )}
      </Loaded>
      <Loaded state={visitors}>{(t) => <ReportTable table={t} caption="Registered customers who never ordered" file="visitors-without-orders" />}</Loaded>
      <PagedReportTable state={visitorsList} caption="Visitors who never ordered" file="visitors-never-ordered" empty="Every visitor has ordered." />
      <PagedReportTable state={dormant} caption="Dormant customers, longest asleep first" file="dormant" empty="No dormant customer." />
    </Page>
  );
}

export function Retention() {
  const dash = useDash();
  const report = useReport('retention', dash.asOf);
  const option = useMemo((): ChartOption => {
    const t = report.data;
    const cohorts = (t?.rows ?? []).filter((r) => /^\d{4}-\d{2}$/.test(String(r.cohort)));
    const months = (t?.columns ?? []).filter((c) => /^m\d+$/.test(c));
    const data: [number, number, number | null][] = [];
    cohorts.forEach((r, y) => months.forEach((m, x) => data.push([x, y, r[m] === null ? null : Number(r[m])])));
    return {
      tooltip: { formatter: (p: { data: [number, number, number | null] }) => `${cohorts[p.data[1]]?.cohort} · month ${p.data[0]}: ${p.data[2] === null ? 'not reached' : pct(p.data[2])}` },
      grid: { left: 72, right: 16, top: 8, bottom: 80 },
      xAxis: { type: 'category', data: months, name: 'Months after the first order', nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'category', data: cohorts.map((r) => String(r.cohort)), inverse: true },
      visualMap: { min: 0, max: 1, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, formatter: (v: number) => pct(v), inRange: { color: ['#f8fafc', BLUE] } },
      series: [{ type: 'heatmap', data: data.filter((d) => d[2] !== null) }],
    };
  }, [report.data]);
  return (
    <Page title="Cohort retention">
      <DashBar dash={dash} />
      <Loaded state={report}>
        {(t) => (
          <>
            <Chart option={option} height="520px" label="Heat map of the share of each monthly cohort ordering again, by month" />
            <ReportTable table={t} caption="Retention by cohort" file="retention" columns={t.columns.slice(0, 16)} />
          </>
        )}
      </Loaded>
    </Page>
  );
}

export function Sales() {
  const dash = useDash();
  const trend = useReport('sales-trend', dash.asOf);
  const categories = useReport('categories', dash.asOf);
  const cities = useReport('breakdown', dash.asOf, { by: 'city' });
  const trendOption = useMemo((): ChartOption => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 72, right: 56, top: 32, bottom: 48 },
    xAxis: { type: 'category', data: names(trend.data, 'month') },
    yAxis: [
      { type: 'value', name: 'Revenue', axisLabel: { formatter: (v: number) => fmtMoney(v).replace(/\.00$/, '') } },
      { type: 'value', name: 'Orders' },
    ],
    series: [
      { type: 'line', name: 'Revenue', data: col(trend.data, 'revenue'), itemStyle: { color: BLUE } },
      { type: 'bar', name: 'Orders', yAxisIndex: 1, data: col(trend.data, 'orders'), itemStyle: { color: '#94a3b8' } },
    ],
  }), [trend.data]);
  const catRows = (categories.data?.rows ?? []).filter((r) => r.category !== 'all categories');
  const catOption = useMemo(
    () => bars(catRows.map((r) => String(r.category)), [{ name: 'Revenue', data: catRows.map((r) => num(r.revenue)), color: BLUE }], { horizontal: true }),
    [categories.data],
  );
  const cityRows = [...(cities.data?.rows ?? [])].sort((a, b) => Number(b.revenue) - Number(a.revenue)).slice(0, 15);
  const cityOption = useMemo(
    () => bars(cityRows.map((r) => String(r.city)), [{ name: 'Revenue', data: cityRows.map((r) => num(r.revenue)), color: ORANGE }], { horizontal: true }),
    [cities.data],
  );
  return (
    <Page title="Sales">
      <DashBar dash={dash} />
      <Loaded state={trend}>
        {(t) => (
          <>
            <h2>Monthly sales trend</h2>
            <Chart option={trendOption} label="Revenue and orders per month" />
            <ReportTable table={t} caption="Sales by month" file="sales-trend" />
          </>
        )}
      </Loaded>
      <div class="grid2">
        <Loaded state={categories}>
          {(t) => (
            <div>
              <h2>Revenue by category</h2>
              <Chart option={catOption} label="Revenue by category" />
              <ReportTable table={t} caption="Categories" file="categories" />
            </div>
          )}
        </Loaded>
        <Loaded state={cities}>
          {(t) => (
            <div>
              <h2>Revenue by city (top 15)</h2>
              <Chart option={cityOption} label="Revenue by city, the 15 largest" />
              <ReportTable table={t} caption="Cities" file="revenue-by-city" rows={cityRows} />
            </div>
          )}
        </Loaded>
      </div>
    </Page>
  );
}

export function OrderValue() {
  const dash = useDash();
  const value = useReport('order-value', dash.asOf);
  const frequency = useReport('frequency', dash.asOf);
  const buckets = (value.data?.rows ?? []).filter((r) => r.customer_share !== null);
  const valueOption = useMemo(
    () =>
      bars(
        buckets.map((r) => String(r.measure)),
        [
          { name: 'Share of customers', data: buckets.map((r) => num(r.customer_share)), color: BLUE, percent: true },
          { name: 'Share of revenue', data: buckets.map((r) => num(r.revenue_share)), color: ORANGE, percent: true },
        ],
        { percent: true },
      ),
    [value.data],
  );
  const freqOption = useMemo(
    () => bars(names(frequency.data, 'avg_days_between_orders'), [{ name: 'Customers', data: col(frequency.data, 'customers'), color: BLUE }]),
    [frequency.data],
  );
  return (
    <Page title="Order value and frequency">
      <DashBar dash={dash} />
      <Loaded state={value}>
        {(t) => (
          <>
            <h2>Average order value buckets</h2>
            <Chart option={valueOption} label="Share of customers and share of revenue per order-value bucket" />
            <ReportTable table={t} caption="Order value" file="order-value" />
          </>
        )}
      </Loaded>
      <Loaded state={frequency}>
        {(t) => (
          <>
            <h2>Average days between orders</h2>
            <Chart option={freqOption} label="Histogram of customers by average days between orders" />
            <ReportTable table={t} caption="Days between orders" file="frequency" />
          </>
        )}
      </Loaded>
    </Page>
  );
}

const DIMENSIONS = ['age', 'occupation', 'gender', 'weekday', 'month-part', 'time-of-day'];

export function Breakdowns() {
  const dash = useDash();
  const { params } = useLocation();
  const by = params.get('by') ?? 'age';
  const report = useReport('breakdown', dash.asOf, { by });
  const key = report.data?.columns[0] ?? by;
  const option = useMemo(
    () =>
      bars(
        names(report.data, key),
        [
          { name: 'Share of orders', data: col(report.data, 'order_share'), color: BLUE, percent: true },
          { name: 'Share of revenue', data: col(report.data, 'revenue_share'), color: ORANGE, percent: true },
        ],
        { percent: true },
      ),
    [report.data],
  );
  const choose = (value: string) => {
    const next: Record<string, string> = {};
    params.forEach((v, k) => (next[k] = v));
    setQuery({ ...next, by: value }, true);
  };
  return (
    <Page title="Breakdowns">
      <DashBar dash={dash}>
        <Select
          label="Break down by"
          name="by"
          value={by}
          onChange={(e) => choose((e.target as HTMLSelectElement).value)}
          options={DIMENSIONS.map((d) => ({ value: d, label: d.replace('-', ' ') }))}
        />
      </DashBar>
      <Loaded state={report}>
        {(t) => (
          <>
            <Chart option={option} label={`Share of orders and revenue by ${by}`} />
            <ReportTable table={t} caption={`By ${by.replace('-', ' ')}`} file={`breakdown-${by}`} />
          </>
        )}
      </Loaded>
    </Page>
  );
}

export function Coupons() {
  const dash = useDash();
  const report = useReport('coupons', dash.asOf);
  const sensitive = usePagedReport('coupons', dash.asOf, 'customers_page', { by: 'customer' });
  const top = (report.data?.rows ?? []).slice(0, 15);
  const option = useMemo(
    () => bars(top.map((r) => String(r.code)), [{ name: 'Uses', data: top.map((r) => num(r.uses)), color: BLUE }], { horizontal: true }),
    [report.data],
  );
  return (
    <Page title="Coupons">
      <DashBar dash={dash} />
      <Loaded state={report}>
        {(t) => (
          <>
            <Chart option={option} label="Uses of the 15 most used coupons" />
            <ReportTable table={t} caption="Coupon use, most used first" file="coupons" empty="No coupon has been created by this date." />
          </>
        )}
      </Loaded>
      <PagedReportTable
        state={sensitive}
        caption="Promotion-sensitive customers (a coupon on every order)"
        file="coupon-sensitive-customers"
        empty="No customer used a coupon on every order."
      />
    </Page>
  );
}

export function Campaigns() {
  const dash = useDash();
  const report = useReport('campaigns', dash.asOf);
  const rows = (report.data?.rows ?? []).filter((r) => r.campaign_id !== null && r.roi !== null);
  const option = useMemo(
    () => bars(rows.map((r) => String(r.name)), [{ name: 'ROI', data: rows.map((r) => num(r.roi)), color: BLUE, percent: true }], { horizontal: true, percent: true }),
    [report.data],
  );
  return (
    <Page title="Campaigns">
      <DashBar dash={dash} />
      <Loaded state={report}>
        {(t) => (
          <>
            <Chart option={option} height={`${Math.max(260, rows.length * 26 + 80)}px`} label="Return on investment per campaign" />
            <ReportTable table={t} caption="Campaigns: orders, revenue, ROI, cost per click" file="campaigns" empty="No campaign yet." />
          </>
        )}
      </Loaded>
    </Page>
  );
}

export function Loyalty() {
  const dash = useDash();
  const rewards = useReport('loyalty', dash.asOf);
  const customers = useReport('loyalty', dash.asOf, { by: 'customers' });
  const products = useReport('loyalty', dash.asOf, { by: 'product' });
  const least = useReport('loyalty', dash.asOf, { by: 'least-trending' });
  const option = useMemo(
    () =>
      bars(names(rewards.data, 'rewards'), [
        { name: 'Allocated', data: col(rewards.data, 'allocated'), color: BLUE },
        { name: 'Claimed', data: col(rewards.data, 'claimed'), color: ORANGE },
      ]),
    [rewards.data],
  );
  const all = rewards.data?.rows.find((r) => r.rewards === 'all');
  return (
    <Page title="Loyalty">
      <DashBar dash={dash} />
      {all && (
        <p>
          {fmtInt(num(all.allocated))} rewards allocated, {fmtInt(num(all.claimed))} claimed ({fmtShare(num(all.claim_rate))}); a
          claim takes {Math.round(Number(all.mean_days_to_claim ?? 0))} days on average.
        </p>
      )}
      <Loaded state={rewards}>
        {(t) => (
          <>
            <Chart option={option} label="Rewards allocated and claimed, in all and per category" />
            <ReportTable table={t} caption="Allocated vs claimed, time to claim" file="loyalty" />
          </>
        )}
      </Loaded>
      <Loaded state={customers}>{(t) => <ReportTable table={t} caption="New vs repeating customers" file="loyalty-customers" />}</Loaded>
      <div class="grid2">
        <Loaded state={products}>
          {(t) => <ReportTable table={t} caption="Trending products and reward boost (top 10)" file="loyalty-products" rows={t.rows.slice(0, 10)} />}
        </Loaded>
        <Loaded state={least}>
          {(t) => <ReportTable table={t} caption="Least trending products (10)" file="loyalty-least-trending" rows={t.rows.slice(0, 10)} />}
        </Loaded>
      </div>
      <p class="muted">As of {fmtDate(dash.asOf)}.</p>
    </Page>
  );
}
