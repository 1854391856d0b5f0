// The dashboards chunk (loaded on demand by main.tsx, with ECharts).
import type { ComponentType } from 'preact';
import { RequireRole } from '../shop/guard';
import { Clv } from './clv';
import { Migration } from './migration';
import { Overview } from './overview';
import { Activity, Breakdowns, Campaigns, Coupons, Loyalty, OrderValue, Retention, Sales } from './reports';
import { Rfm } from './rfm';

const guard =
  (Page: ComponentType, title: string): ComponentType<{ params: Record<string, string> }> =>
  () => (
    <RequireRole roles={['analyst', 'admin']} title={title}>
      <Page />
    </RequireRole>
  );

export const pages: Record<string, ComponentType<{ params: Record<string, string> }>> = {
  overview: guard(Overview, 'Overview'),
  rfm: guard(Rfm, 'RFM segments'),
  migration: guard(Migration, 'Segment migration'),
  activity: guard(Activity, 'Activity'),
  retention: guard(Retention, 'Cohort retention'),
  sales: guard(Sales, 'Sales'),
  'order-value': guard(OrderValue, 'Order value'),
  breakdowns: guard(Breakdowns, 'Breakdowns'),
  coupons: guard(Coupons, 'Coupons'),
  campaigns: guard(Campaigns, 'Campaigns'),
  loyalty: guard(Loyalty, 'Loyalty'),
  clv: guard(Clv, 'Lifetime value'),
};
