// The warehouse pick list: orders by status, oldest first, with their lines and ship-to address;
// ship, deliver or cancel each.
import { get, post, query } from '../lib/api';
import { fmtMoney, fmtTime } from '../lib/format';
import { useAction, useLoad } from '../lib/hooks';
import { Link, setQuery, useLocation } from '../lib/router';
import type { Order } from '../lib/types';
import { RequireRole } from '../shop/guard';
import { DataTable, ErrorBox, Loading, Page, Select, StatusBadge } from '../ui';

export function PickList() {
  return (
    <RequireRole roles={['warehouse', 'admin']} title="Pick list">
      <Picks />
    </RequireRole>
  );
}

function Picks() {
  const { params } = useLocation();
  const status = params.get('status') ?? 'placed';
  const orders = useLoad(() => get<{ items: Order[] }>('/warehouse/orders' + query({ status })), [status]);
  const action = useAction();
  const act = async (id: number, what: string) => {
    if (await action.run(() => post(`/orders/${id}/${what}`))) orders.reload();
  };
  return (
    <Page
      title="Pick list"
      actions={
        <Select
          label="Status"
          name="status"
          value={status}
          onChange={(e) => setQuery({ status: (e.target as HTMLSelectElement).value })}
          options={['placed', 'shipped', 'delivered', 'cancelled'].map((s) => ({ value: s, label: s }))}
        />
      }
    >
      <ErrorBox error={orders.error ?? action.error} />
      {orders.loading && !orders.data && <Loading />}
      {orders.data && (
        <DataTable
          caption={`${orders.data.items.length} ${status} orders, oldest first`}
          rows={orders.data.items}
          rowKey={(o) => o.id}
          empty={status === 'placed' ? 'Nothing to pick: every placed order has been shipped.' : `No ${status} orders.`}
          columns={[
            { key: 'id', label: 'Order', render: (o) => <Link href={`/orders/${o.id}`}>#{o.id}</Link> },
            { key: 'placed_at', label: 'Placed', render: (o) => fmtTime(o.placed_at) },
            {
              key: 'lines',
              label: 'Pick',
              render: (o) => (
                <ul style={{ margin: 0, paddingLeft: '18px' }}>
                  {o.lines.map((l) => (
                    <li>
                      {l.quantity} × {l.product_name} ({l.size})
                    </li>
                  ))}
                </ul>
              ),
            },
            {
              key: 'ship_to',
              label: 'Ship to',
              render: (o) =>
                o.ship_to ? `${o.ship_to.line1}, ${o.ship_to.city} ${o.ship_to.postcode}, ${o.ship_to.country}` : '–',
            },
            { key: 'total', label: 'Total', numeric: true, render: (o) => fmtMoney(o.total, o.currency) },
            { key: 'status', label: 'Status', render: (o) => <StatusBadge status={o.status} /> },
            {
              key: 'actions',
              label: 'Actions',
              render: (o) => (
                <div class="form-row">
                  {o.status === 'placed' && (
                    <button type="button" disabled={action.busy} onClick={() => act(o.id, 'ship')}>
                      Ship<span class="sr-only"> order {o.id}</span>
                    </button>
                  )}
                  {o.status === 'shipped' && (
                    <button type="button" disabled={action.busy} onClick={() => act(o.id, 'deliver')}>
                      Deliver<span class="sr-only"> order {o.id}</span>
                    </button>
                  )}
                  {o.status === 'placed' && (
                    <button type="button" class="secondary" disabled={action.busy} onClick={() => act(o.id, 'cancel')}>
                      Cancel<span class="sr-only"> order {o.id}</span>
                    </button>
                  )}
                </div>
              ),
            },
          ]}
        />
      )}
    </Page>
  );
}
