// The cart (kept in the browser) and checkout: coupon code, at most one reward, ship-to the
// default address. Placing the order leads to its bill.
import { useState } from 'preact/hooks';
import { get, post } from '../lib/api';
import { cart, clearCart, setQuantity } from '../lib/cart';
import { fmtMoney, fmtDate } from '../lib/format';
import { useAction, useLoad } from '../lib/hooks';
import { Link, navigate } from '../lib/router';
import { session } from '../lib/session';
import { useSignal } from '../lib/signal';
import type { Order, Profile, Reward } from '../lib/types';
import { DataTable, Empty, ErrorBox, Field, Page } from '../ui';

export function CartPage() {
  const lines = useSignal(cart);
  const s = useSignal(session);
  const customer = s?.role === 'customer';
  const rewards = useLoad(
    () => (customer ? get<{ items: Reward[] }>('/me/rewards') : Promise.resolve({ items: [] })),
    [customer],
  );
  const me = useLoad(() => (customer ? get<Profile>('/me') : Promise.resolve(null)), [customer]);
  const [coupon, setCoupon] = useState('');
  const [reward, setReward] = useState('');
  const action = useAction();
  const subtotal = lines.reduce((sum, l) => sum + Number(l.price) * l.quantity, 0);
  const currency = lines[0]?.currency ?? 'GBP';
  const usable = (rewards.data?.items ?? []).filter(
    (r) => r.status === 'unclaimed' && lines.some((l) => l.product_id === r.product_id),
  );

  const checkout = async (e: Event) => {
    e.preventDefault();
    const order = await action.run(() =>
      post<Order>('/orders', {
        lines: lines.map((l) => ({ product_id: l.product_id, size: l.size, quantity: l.quantity })),
        coupon_code: coupon || null,
        ...(reward ? { reward_token: reward } : {}),
      }),
    );
    if (order) {
      clearCart();
      navigate(`/orders/${order.id}?placed=1`);
    }
  };

  return (
    <Page title="Your cart">
      {lines.length === 0 ? (
        <Empty>
          Your cart is empty. <Link href="/">Browse the shop</Link> and add a size of something you like.
        </Empty>
      ) : (
        <>
          <DataTable
            caption="Items"
            rows={lines}
            rowKey={(l) => `${l.product_id}/${l.size}`}
            columns={[
              { key: 'name', label: 'Product', render: (l) => <Link href={`/products/${l.product_id}`}>{l.name}</Link> },
              { key: 'size', label: 'Size' },
              { key: 'price', label: 'Price', numeric: true, render: (l) => fmtMoney(l.price, l.currency) },
              {
                key: 'quantity',
                label: 'Quantity',
                numeric: true,
                render: (l) => (
                  <input
                    type="number"
                    min={0}
                    style={{ width: '80px' }}
                    aria-label={`Quantity of ${l.name}, size ${l.size}`}
                    value={l.quantity}
                    onChange={(e) => setQuantity(l.product_id, l.size, Number((e.target as HTMLInputElement).value) || 0)}
                  />
                ),
              },
              {
                key: 'remove',
                label: '',
                render: (l) => (
                  <button type="button" class="secondary" onClick={() => setQuantity(l.product_id, l.size, 0)}>
                    Remove<span class="sr-only"> {l.name} {l.size}</span>
                  </button>
                ),
              },
            ]}
          />
          <p>
            Subtotal before discounts: <strong>{fmtMoney(subtotal.toFixed(2), currency)}</strong>
            <span class="muted"> (shipping and discounts are worked out at checkout)</span>
          </p>
          {!customer ? (
            <Empty>
              To check out, <Link href="/login?next=/cart">log in</Link> or{' '}
              <Link href="/register">create an account</Link>; your cart stays here.
            </Empty>
          ) : (
            <form class="panel" onSubmit={checkout}>
              <h2>Checkout</h2>
              <div class="form-grid">
                <Field
                  label="Coupon code"
                  name="coupon"
                  value={coupon}
                  autoComplete="off"
                  onInput={(e) => setCoupon((e.target as HTMLInputElement).value.trim())}
                />
                <div class="field">
                  <label for="f-reward">Reward (one per order)</label>
                  <select id="f-reward" value={reward} onChange={(e) => setReward((e.target as HTMLSelectElement).value)}>
                    <option value="">No reward</option>
                    {usable.map((r) => (
                      <option value={r.token}>
                        {r.percent_off}% off {lines.find((l) => l.product_id === r.product_id)?.name} (until{' '}
                        {fmtDate(r.expires_at)})
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              <p class="muted">
                {me.data?.address
                  ? `Ships to ${me.data.address.line1}, ${me.data.address.city} ${me.data.address.postcode}.`
                  : 'Add a delivery address in your account before checking out.'}{' '}
                <Link href="/account">Change address</Link>
              </p>
              <ErrorBox error={action.error ?? rewards.error} />
              <button type="submit" disabled={action.busy}>
                {action.busy ? 'Placing your order…' : 'Place order'}
              </button>
            </form>
          )}
        </>
      )}
    </Page>
  );
}
