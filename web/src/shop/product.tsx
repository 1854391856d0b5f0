// One product: price, stock per size, the shopper's reward for it, and "add to cart".
import { useState } from 'preact/hooks';
import { get } from '../lib/api';
import { addToCart } from '../lib/cart';
import { fmtMoney } from '../lib/format';
import { useLoad } from '../lib/hooks';
import { Link } from '../lib/router';
import { session } from '../lib/session';
import { useSignal } from '../lib/signal';
import type { Product } from '../lib/types';
import { ErrorBox, Loading, Notice, Page } from '../ui';

export function ProductPage({ params }: { params: Record<string, string> }) {
  const s = useSignal(session);
  const product = useLoad(() => get<Product>(`/products/${params.id}`), [params.id, s?.token]);
  const [size, setSize] = useState('');
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState<string>();
  const p = product.data;
  if (!p) {
    return (
      <Page title="Product">
        <ErrorBox error={product.error} />
        {product.loading && <Loading />}
      </Page>
    );
  }
  const chosen = p.sizes.find((x) => x.size === size);
  const add = (e: Event) => {
    e.preventDefault();
    if (!chosen) return;
    addToCart({ product_id: p.id, name: p.name, size, quantity, price: p.price, currency: p.currency });
    setAdded(`Added ${quantity} × ${p.name}, size ${size}, to your cart.`);
  };
  return (
    <Page title={p.name}>
      <div class="panel">
        <p class="muted">
          <Link href={`/?category=${encodeURIComponent(p.category)}`}>{p.category}</Link>
        </p>
        <p>{p.description}</p>
        <p class="stat-value">{fmtMoney(p.price, p.currency)}</p>
        {s?.role === 'customer' ? (
          p.reward_percent_off ? (
            <p class="reward">
              You hold a reward for this product: {p.reward_percent_off}% off at checkout.
            </p>
          ) : (
            <p class="muted">You hold no reward for this product.</p>
          )
        ) : !s ? (
          <p class="muted">
            <Link href={`/login?next=/products/${p.id}`}>Log in</Link> to see your reward for this product.
          </p>
        ) : null}
        {!p.active && <p class="error">This product is no longer sold.</p>}
        <form onSubmit={add}>
          <fieldset>
            <legend>Size (stock)</legend>
            <ul class="sizes">
              {p.sizes.map((x) => (
                <li key={x.size}>
                  <label>
                    <input
                      type="radio"
                      name="size"
                      value={x.size}
                      checked={size === x.size}
                      disabled={x.stock === 0 || !p.active}
                      onChange={() => setSize(x.size)}
                    />
                    <span>
                      {x.size} · {x.stock === 0 ? 'sold out' : `${x.stock} left`}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <div class="form-row">
            <div class="field" style={{ maxWidth: '120px' }}>
              <label for="qty">Quantity</label>
              <input
                id="qty"
                type="number"
                min={1}
                max={chosen?.stock ?? 99}
                value={quantity}
                onInput={(e) => setQuantity(Math.max(1, Number((e.target as HTMLInputElement).value) || 1))}
              />
            </div>
            <button type="submit" disabled={!chosen || !p.active}>
              Add to cart
            </button>
            <Link class="button secondary" href="/cart">
              Go to cart
            </Link>
          </div>
          {!chosen && <p class="muted">Choose a size to add it to your cart.</p>}
        </form>
        {added && <Notice>{added}</Notice>}
      </div>
    </Page>
  );
}
