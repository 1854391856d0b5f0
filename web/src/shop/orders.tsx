// The bill of one order (per-line discounts, coupon, reward used, rewards newly earned, status
// history, cancel / ship / deliver by who may) and the shopper's order history.
import { get, post } from '../lib/api';
import { fmtMoney, fmtDate, fmtTime } from '../lib/format';
import { useAction, useLoad } from '../lib/hooks';
import { Link, useLocation } from '../lib/router';
import { canWarehouse, session } from '../lib/session';
import { useSignal } from '../lib/signal';
import type { Order, OrderSummary, Product } from '../lib/types';
import { DataTable, Empty, ErrorBox, Loading, Notice, Page, StatusBadge } from '../ui';
import { RequireRole } from './guard';

export function OrderPage({ params }: { params: Record<string, string> }) {
  return (
    <RequireRole roles={['customer', 'warehouse', 'admin']} title={`Order ${params.id}`}>
      <Bill id={params.id} />
    </RequireRole>
  );
}

function NewReward({ order }: { order: Order }) {
  const r = order.rewards_allocated[0];
  const product = useLoad(() => (r ? get<Product>(`/products/${r.product_id}`) : Promise.resolve(null)), [r?.token]);
  if (!r) return null;
  return (
    <div class="notice" role="status">
      <strong>New reward:</strong> {r.percent_off}% off{' '}
      <Link href={`/products/${r.product_id}`}>{product.data?.name ?? `product ${r.product_id}`}</Link> on a later order,
      valid until {fmtDate(r.expires_at)}. See <Link href="/account/rewards">your rewards</Link>.
    </div>
  );
}

function Bill({ id }: { id: string }) {
  const s = useSignal(session);
  const { params } = useLocation();
  const order = useLoad(() => get<Order>(`/orders/${id}`), [id]);
  const action = useAction();
  const o = order.data;
  const act = async (what: 'ship' | 'deliver' | 'cancel') => {
    if (await action.run(() => post<Order>(`/orders/${id}/${what}`))) order.reload();
  };
  if (!o) {
    return (
      <Page title={`Order ${id}`}>
        <ErrorBox error={order.error} />
        {order.loading && <Loading />}
      </Page>
    );
  }
  const staff = canWarehouse(s);
  return (
    <Page
      title={`Order ${o.id}`}
      actions={
        <>
          {o.status === 'placed' && (
            <button type="button" class="danger" disabled={action.busy} onClick={() => act('cancel')}>
              Cancel order
            </button>
          )}
          {staff && o.status === 'placed' && (
            <button type="button" disabled={action.busy} onClick={() => act('ship')}>
              Mark shipped
            </button>
          )}
          {staff && o.status === 'shipped' && (
            <button type="button" disabled={action.busy} onClick={() => act('deliver')}>
              Mark delivered
            </button>
          )}
        </>
      }
    >
      {params.get('placed') && <Notice>Thank you: your order is placed.</Notice>}
      <ErrorBox error={action.error} />
      <p>
        <StatusBadge status={o.status} /> placed {fmtTime(o.placed_at)}
      </p>
      <div class="bill">
        <DataTable
          caption="Bill"
          rows={o.lines}
          columns={[
            { key: 'product_name', label: 'Product', render: (l) => <Link href={`/products/${l.product_id}`}>{l.product_name}</Link> },
            { key: 'size', label: 'Size' },
            { key: 'quantity', label: 'Qty', numeric: true },
            { key: 'unit_price', label: 'Unit price', numeric: true, render: (l) => fmtMoney(l.unit_price, o.currency) },
            {
              key: 'discount',
              label: 'Discount',
              numeric: true,
              render: (l) => (Number(l.discount) > 0 ? `−${fmtMoney(l.discount, o.currency)}` : '–'),
            },
            { key: 'line_total', label: 'Line total', numeric: true, render: (l) => fmtMoney(l.line_total, o.currency) },
          ]}
        />
      </div>
      <div class="stats" style={{ marginTop: '12px' }}>
        <div class="stat">
          <div class="stat-label">Subtotal</div>
          <div class="stat-value">{fmtMoney(o.subtotal, o.currency)}</div>
        </div>
        <div class="stat">
          <div class="stat-label">Discount</div>
          <div class="stat-value up" data-testid="order-discount">
            {Number(o.discount) > 0 ? `−${fmtMoney(o.discount, o.currency)}` : fmtMoney(0, o.currency)}
          </div>
          <div class="stat-note">
            {o.coupon_code ? `Coupon ${o.coupon_code}` : 'No coupon'}
            {o.reward_token ? ' · a reward' : ''}
          </div>
        </div>
        <div class="stat">
          <div class="stat-label">Shipping</div>
          <div class="stat-value">{fmtMoney(o.shipping, o.currency)}</div>
        </div>
        <div class="stat">
          <div class="stat-label">Total</div>
          <div class="stat-value">{fmtMoney(o.total, o.currency)}</div>
        </div>
      </div>
      <NewReward order={o} />
      {o.ship_to && (
        <p>
          Ships to {o.ship_to.line1}
          {o.ship_to.line2 ? `, ${o.ship_to.line2}` : ''}, {o.ship_to.city} {o.ship_to.postcode}, {o.ship_to.country}
        </p>
      )}
      <h2>History</h2>
      <ul>
        {o.history.map((h) => (
          <li>
            {h.status} — {fmtTime(h.at)}
          </li>
        ))}
      </ul>
    </Page>
  );
}

export function OrdersPage() {
  return (
    <RequireRole roles={['customer']} title="Your orders">
      <Orders />
    </RequireRole>
  );
}

function Orders() {
  const orders = useLoad(() => get<{ items: OrderSummary[] }>('/me/orders'), []);
  const action = useAction();
  const cancel = async (id: number) => {
    if (await action.run(() => post(`/orders/${id}/cancel`))) orders.reload();
  };
  return (
    <Page title="Your orders">
      <ErrorBox error={orders.error ?? action.error} />
      {orders.loading && !orders.data && <Loading />}
      {orders.data && (
        <DataTable
          caption="Orders, newest first"
          rows={orders.data.items}
          empty={
            <>
              You have no orders yet. <Link href="/">Start shopping</Link>.
            </>
          }
          columns={[
            { key: 'id', label: 'Order', render: (o) => <Link href={`/orders/${o.id}`}>#{o.id}</Link> },
            { key: 'placed_at', label: 'Placed', render: (o) => fmtTime(o.placed_at) },
            { key: 'status', label: 'Status', render: (o) => <StatusBadge status={o.status} /> },
            { key: 'total', label: 'Total', numeric: true, render: (o) => fmtMoney(o.total, o.currency) },
            {
              key: 'cancel',
              label: '',
              render: (o) =>
                o.status === 'placed' ? (
                  <button type="button" class="secondary" disabled={action.busy} onClick={() => cancel(o.id)}>
                    Cancel<span class="sr-only"> order {o.id}</span>
                  </button>
                ) : null,
            },
          ]}
        />
      )}
      {orders.data && orders.data.items.length > 0 && <Empty>Only placed orders can be cancelled; shipped ones are on their way.</Empty>}
    </Page>
  );
}
