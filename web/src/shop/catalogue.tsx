// The catalogue: search by text, category, size and price range, sorted and paged; the filters
// live in the URL so a reload or a shared link shows the same page.
import { get, query, type Page as ApiPage } from '../lib/api';
import { fmtMoney, fmtInt } from '../lib/format';
import { useLoad } from '../lib/hooks';
import { Link, setQuery, useLocation } from '../lib/router';
import type { Category, Product } from '../lib/types';
import { Empty, ErrorBox, Field, Loading, Page, Pager, Select, formValues } from '../ui';

const PAGE_SIZE = 12;

export function Catalogue() {
  const { params } = useLocation();
  const filters = {
    q: params.get('q') ?? '',
    category: params.get('category') ?? '',
    size: params.get('size') ?? '',
    min_price: params.get('min_price') ?? '',
    max_price: params.get('max_price') ?? '',
    sort: params.get('sort') ?? 'id',
    page: Number(params.get('page') ?? '1') || 1,
  };
  const categories = useLoad(() => get<{ items: Category[] }>('/categories'), []);
  const key = JSON.stringify(filters);
  const products = useLoad(
    () => get<ApiPage<Product>>('/products' + query({ ...filters, page_size: PAGE_SIZE })),
    [key],
  );
  const search = (e: Event) => {
    const v = formValues(e);
    setQuery({ ...v, page: undefined, sort: v.sort === 'id' ? undefined : v.sort });
  };
  return (
    <Page title="Shop">
      <form class="panel form-grid" role="search" onSubmit={search} key={key}>
        <Field label="Search" name="q" type="search" defaultValue={filters.q} placeholder="boot, suede…" />
        <Select
          label="Category"
          name="category"
          value={filters.category}
          options={[
            { value: '', label: 'All categories' },
            ...(categories.data?.items ?? []).map((c) => ({ value: c.name, label: c.name })),
          ]}
        />
        <Field label="Size" name="size" defaultValue={filters.size} placeholder="UK 5" />
        <Field label="Min price (£)" name="min_price" inputMode="decimal" defaultValue={filters.min_price} />
        <Field label="Max price (£)" name="max_price" inputMode="decimal" defaultValue={filters.max_price} />
        <Select
          label="Sort by"
          name="sort"
          value={filters.sort}
          options={[
            { value: 'id', label: 'Newest in catalogue' },
            { value: 'price', label: 'Price, low to high' },
            { value: '-price', label: 'Price, high to low' },
            { value: 'name', label: 'Name' },
          ]}
        />
        <button type="submit">Search</button>
      </form>
      <ErrorBox error={products.error ?? categories.error} />
      {products.loading && !products.data && <Loading what="Loading products" />}
      {products.data && (
        <>
          <p class="muted" aria-live="polite">
            {fmtInt(products.data.total)} {products.data.total === 1 ? 'product' : 'products'}
          </p>
          {products.data.items.length === 0 ? (
            <Empty>
              No product matches these filters. Try fewer words, another size or a wider price range, or{' '}
              <Link href="/">clear the filters</Link>.
            </Empty>
          ) : (
            <ul class="products">
              {products.data.items.map((p) => (
                <li key={p.id}>
                  <ProductCard product={p} />
                </li>
              ))}
            </ul>
          )}
          <Pager
            page={products.data.page}
            pageSize={products.data.page_size}
            total={products.data.total}
            onPage={(page) => setQuery({ ...filters, sort: filters.sort === 'id' ? undefined : filters.sort, page })}
          />
        </>
      )}
    </Page>
  );
}

function ProductCard({ product: p }: { product: Product }) {
  const inStock = p.sizes.filter((s) => s.stock > 0);
  return (
    <article class="product-card">
      <h2>
        <Link href={`/products/${p.id}`}>{p.name}</Link>
      </h2>
      <div class="muted">{p.category}</div>
      <div class="price">{fmtMoney(p.price, p.currency)}</div>
      <div class="muted">
        {inStock.length === 0 ? 'Out of stock' : `Sizes ${inStock.map((s) => s.size.replace(/^UK /, '')).join(', ')}`}
      </div>
      {p.reward_percent_off ? <div class="reward">Your reward: {p.reward_percent_off}% off</div> : null}
    </article>
  );
}
