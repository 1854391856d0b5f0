// The single-page app: one top bar, the page for the current URL. Dashboards (and ECharts with
// them) are loaded on demand, so the storefront's first load stays small.
import { render, type ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './styles.css';
import { Link, match, navigate, useLocation } from './lib/router';
import { useSignal } from './lib/signal';
import { session, setSession, canAnalyse, canWarehouse, isStaff } from './lib/session';
import { cart, cartCount } from './lib/cart';
import { del } from './lib/api';
import { Catalogue } from './shop/catalogue';
import { ProductPage } from './shop/product';
import { CartPage } from './shop/cart';
import { OrderPage, OrdersPage } from './shop/orders';
import { LoginPage, RegisterPage } from './shop/login';
import { ProfilePage } from './shop/profile';
import { RewardsPage } from './shop/rewards';
import { PickList } from './staff/picklist';
import { StockPage } from './staff/stock';
import { CouponsPage } from './staff/coupons';
import { CampaignsPage } from './staff/campaigns';
import { Empty, Loading, Page } from './ui';

type Params = Record<string, string>;
type Routed = ComponentType<{ params: Params }>;

// Dashboards: one chunk, loaded the first time a /dash page opens.
let dashboards: Promise<Record<string, Routed>> | undefined;
const loadDashboards = () => (dashboards ??= import('./dash/index').then((m) => m.pages));

function Dashboard({ params, name }: { params: Params; name: string }) {
  const [pages, setPages] = useState<Record<string, Routed>>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    loadDashboards().then(setPages, (e) => setError(String(e)));
  }, []);
  if (error) return <p class="error" role="alert">The dashboards could not be loaded: {error}</p>;
  if (!pages) return <Loading what="Loading the dashboards" />;
  const P = pages[name];
  return P ? <P params={params} /> : <NotFound />;
}

const dash = (name: string): Routed => (props) => <Dashboard params={props.params} name={name} />;

const routes: [string, Routed][] = [
  ['/', Catalogue],
  ['/products/:id', ProductPage],
  ['/cart', CartPage],
  ['/orders/:id', OrderPage],
  ['/login', LoginPage],
  ['/register', RegisterPage],
  ['/account', ProfilePage],
  ['/account/orders', OrdersPage],
  ['/account/rewards', RewardsPage],
  ['/staff', PickList],
  ['/staff/picklist', PickList],
  ['/staff/stock', StockPage],
  ['/staff/coupons', CouponsPage],
  ['/staff/campaigns', CampaignsPage],
  ['/dash', dash('overview')],
  ['/dash/rfm', dash('rfm')],
  ['/dash/migration', dash('migration')],
  ['/dash/activity', dash('activity')],
  ['/dash/retention', dash('retention')],
  ['/dash/sales', dash('sales')],
  ['/dash/order-value', dash('order-value')],
  ['/dash/breakdowns', dash('breakdowns')],
  ['/dash/coupons', dash('coupons')],
  ['/dash/campaigns', dash('campaigns')],
  ['/dash/loyalty', dash('loyalty')],
  ['/dash/clv', dash('clv')],
];

export const dashboardLinks: [string, string][] = [
  ['/dash', 'Overview'],
  ['/dash/rfm', 'RFM'],
  ['/dash/migration', 'Migration'],
  ['/dash/activity', 'Activity'],
  ['/dash/retention', 'Retention'],
  ['/dash/sales', 'Sales'],
  ['/dash/order-value', 'Order value'],
  ['/dash/breakdowns', 'Breakdowns'],
  ['/dash/coupons', 'Coupons'],
  ['/dash/campaigns', 'Campaigns'],
  ['/dash/loyalty', 'Loyalty'],
  ['/dash/clv', 'Lifetime value'],
];

const staffLinks: [string, string][] = [
  ['/staff/picklist', 'Pick list'],
  ['/staff/stock', 'Stock'],
  ['/staff/coupons', 'Coupons'],
  ['/staff/campaigns', 'Campaigns'],
];

function NotFound() {
  return (
    <Page title="Page not found">
      <Empty>
        There is no page here. <Link href="/">Go to the shop</Link>.
      </Empty>
    </Page>
  );
}

function NavLink({ href, label, path }: { href: string; label: string; path: string }) {
  const current = path === href || (href === '/staff/picklist' && path === '/staff');
  return (
    <Link href={href} aria-current={current ? 'page' : undefined}>
      {label}
    </Link>
  );
}

function TopBar({ path }: { path: string }) {
  const s = useSignal(session);
  const lines = useSignal(cart);
  const logout = async () => {
    try {
      await del('/sessions');
    } catch {
      // The token may already be gone; forgetting it here is what matters.
    }
    setSession(null);
    navigate('/');
  };
  return (
    <header class="topbar">
      <div class="topbar-inner">
        <Link class="brand" href="/">
          Cartwise
        </Link>
        <nav aria-label="Main">
          <NavLink href="/" label="Shop" path={path} />
          {!isStaff(s) && <NavLink href="/cart" label={`Cart (${cartCount(lines)})`} path={path} />}
          {s?.role === 'customer' && <NavLink href="/account/orders" label="Orders" path={path} />}
          {s?.role === 'customer' && <NavLink href="/account/rewards" label="Rewards" path={path} />}
          {s?.role === 'customer' && <NavLink href="/account" label="Account" path={path} />}
          {canWarehouse(s) && <NavLink href="/staff/picklist" label="Warehouse" path={path} />}
          {canAnalyse(s) && <NavLink href="/staff/coupons" label="Marketing" path={path} />}
          {canAnalyse(s) && <NavLink href="/dash" label="Dashboards" path={path} />}
          {s ? (
            <button type="button" class="link" onClick={logout}>
              Log out {s.username}
            </button>
          ) : (
            <NavLink href="/login" label="Log in" path={path} />
          )}
        </nav>
      </div>
    </header>
  );
}

function SubNav({ links, path, label }: { links: [string, string][]; path: string; label: string }) {
  return (
    <nav class="subnav" aria-label={label}>
      <div class="subnav-inner">
        {links.map(([href, text]) => (
          <NavLink href={href} label={text} path={path} />
        ))}
      </div>
    </nav>
  );
}

function App() {
  const { path } = useLocation();
  const s = useSignal(session);
  let page = <NotFound />;
  for (const [pattern, Component] of routes) {
    const params = match(pattern, path);
    if (params) {
      page = <Component params={params} />;
      break;
    }
  }
  // Move focus to the new page's heading so keyboard and screen-reader users land on it.
  useEffect(() => {
    (document.getElementById('page-title') as HTMLElement | null)?.focus({ preventScroll: true });
  }, [path]);
  const staffPath = path.startsWith('/staff');
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <TopBar path={path} />
      {path.startsWith('/dash') && canAnalyse(s) && <SubNav links={dashboardLinks} path={path} label="Dashboards" />}
      {staffPath && isStaff(s) && (
        <SubNav
          links={staffLinks.filter(([href]) =>
            href.includes('picklist') || href.includes('stock') ? canWarehouse(s) : canAnalyse(s),
          )}
          path={path}
          label="Staff"
        />
      )}
      <main id="main">{page}</main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
