// Stock per product and size, restocking, and purging cancelled orders.
import { useState } from 'preact/hooks';
import { del, get, post, query } from '../lib/api';
import { fmtInt } from '../lib/format';
import { useAction, useLoad } from '../lib/hooks';
import { setQuery, useLocation } from '../lib/router';
import { RequireRole } from '../shop/guard';
import { DataTable, ErrorBox, Field, Loading, Notice, Page, Pager, formValues } from '../ui';

// Rows per page: a shop has thousands of sizes, and the API answers them all at once.
const PAGE_SIZE = 50;

interface StockRow {
  product_id: number;
  product_name: string;
  category: string;
  size: string;
  stock: number;
}

export function StockPage() {
  return (
    <RequireRole roles={['warehouse', 'admin']} title="Stock">
      <Stock />
    </RequireRole>
  );
}

function Stock() {
  const { params } = useLocation();
  const productId = params.get('product_id') ?? '';
  const page = Number(params.get('page') ?? '1') || 1;
  const stock = useLoad(() => get<{ items: StockRow[] }>('/warehouse/stock' + query({ product_id: productId })), [productId]);
  const restock = useAction();
  const purge = useAction();
  const [message, setMessage] = useState<string>();
  const submitRestock = (e: Event) => {
    const v = formValues(e);
    restock.run(async () => {
      const row = await post<StockRow>('/warehouse/stock', {
        product_id: Number(v.product_id),
        size: v.size,
        quantity: Number(v.quantity),
      });
      setMessage(`${row.product_name}, size ${row.size}: ${fmtInt(row.stock)} in stock now.`);
      stock.reload();
    });
  };
  const doPurge = () =>
    purge.run(async () => {
      if (!window.confirm('Delete every cancelled order for good?')) return;
      const r = await del<{ purged: number }>('/warehouse/orders?status=cancelled');
      setMessage(`${fmtInt(r.purged)} cancelled orders deleted.`);
    });
  return (
    <Page
      title="Stock"
      actions={
        <button type="button" class="danger" disabled={purge.busy} onClick={doPurge}>
          Purge cancelled orders
        </button>
      }
    >
      <form
        class="panel form-row"
        onSubmit={(e) => setQuery({ product_id: formValues(e).product_id })}
        key={productId}
        aria-label="Show stock"
      >
        <Field label="Show product id" name="product_id" inputMode="numeric" defaultValue={productId} hint="Empty for every product" />
        <button type="submit" class="secondary">
          Show
        </button>
      </form>
      <form class="panel" onSubmit={submitRestock} aria-label="Restock">
        <h2 style={{ marginTop: 0 }}>Restock</h2>
        <div class="form-row">
          <Field label="Product id" name="product_id" inputMode="numeric" required defaultValue={productId} />
          <Field label="Size" name="size" required placeholder="UK 5" />
          <Field label="Units to add" name="quantity" type="number" min={1} max={1000000} required />
          <button type="submit" disabled={restock.busy}>
            Add stock
          </button>
        </div>
        <ErrorBox error={restock.error} />
      </form>
      {message && <Notice>{message}</Notice>}
      <ErrorBox error={stock.error ?? purge.error} />
      {stock.loading && !stock.data && <Loading />}
      {stock.data && (
        <>
        <DataTable
          caption={`Stock by product and size (${fmtInt(stock.data.items.length)} rows)`}
          rows={stock.data.items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)}
          empty="No stock rows: this product does not exist or has no sizes yet. Restock adds a size."
          columns={[
            { key: 'product_id', label: 'Id', numeric: true },
            { key: 'product_name', label: 'Product' },
            { key: 'category', label: 'Category' },
            { key: 'size', label: 'Size' },
            {
              key: 'stock',
              label: 'Stock',
              numeric: true,
              render: (r) => <span class={r.stock === 0 ? 'down' : undefined}>{fmtInt(r.stock)}</span>,
            },
          ]}
        />
        <Pager
          page={page}
          pageSize={PAGE_SIZE}
          total={stock.data.items.length}
          onPage={(p) => setQuery({ product_id: productId || undefined, page: p })}
        />
        </>
      )}
    </Page>
  );
}
