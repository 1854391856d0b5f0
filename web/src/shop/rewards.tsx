// The shopper's rewards: percent off a product on a later order, with their state.
import { get } from '../lib/api';
import { fmtDate } from '../lib/format';
import { useLoad } from '../lib/hooks';
import { Link } from '../lib/router';
import type { Reward } from '../lib/types';
import { DataTable, ErrorBox, Loading, Page, StatusBadge } from '../ui';
import { RequireRole } from './guard';

export function RewardsPage() {
  return (
    <RequireRole roles={['customer']} title="Your rewards">
      <Rewards />
    </RequireRole>
  );
}

function Rewards() {
  const rewards = useLoad(() => get<{ items: Reward[] }>('/me/rewards'), []);
  return (
    <Page title="Your rewards">
      <p class="muted">
        An order over £250.00 after discounts earns a reward: a percentage off one product, valid for 90 days. Use one per
        order at checkout.
      </p>
      <ErrorBox error={rewards.error} />
      {rewards.loading && !rewards.data && <Loading />}
      {rewards.data && (
        <DataTable
          caption="Rewards, newest first"
          rows={rewards.data.items}
          empty={
            <>
              You have no rewards yet. <Link href="/">Shop</Link> for more than £250.00 in one order to earn one.
            </>
          }
          columns={[
            { key: 'product_id', label: 'Product', render: (r) => <Link href={`/products/${r.product_id}`}>Product {r.product_id}</Link> },
            { key: 'percent_off', label: 'Off', numeric: true, render: (r) => `${r.percent_off}%` },
            { key: 'status', label: 'State', render: (r) => <StatusBadge status={r.status} /> },
            { key: 'allocated_at', label: 'Earned', render: (r) => fmtDate(r.allocated_at) },
            { key: 'expires_at', label: 'Valid until', render: (r) => fmtDate(r.expires_at) },
            { key: 'claimed_at', label: 'Used', render: (r) => fmtDate(r.claimed_at) },
          ]}
        />
      )}
    </Page>
  );
}
