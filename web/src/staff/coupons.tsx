// Coupons: list with their use (the coupons report: uses, customers, discount given, revenue),
// create, edit, disable / enable.
import { useState } from 'preact/hooks';
import { get, patch, post, type Table } from '../lib/api';
import { fmtDate, fmtInt, fmtMoney, today } from '../lib/format';
import { useAction, useLoad } from '../lib/hooks';
import type { Coupon } from '../lib/types';
import { RequireRole } from '../shop/guard';
import { DataTable, ErrorBox, Field, Loading, Notice, Page, Select, formValues } from '../ui';

export function CouponsPage() {
  return (
    <RequireRole roles={['analyst', 'admin']} title="Coupons">
      <Coupons />
    </RequireRole>
  );
}

// Datetime-local input value <-> RFC 3339 UTC.
const toInput = (s: string | null) => (s ? s.slice(0, 16) : '');
const fromInput = (s: string) => (s ? `${s.length === 16 ? s + ':00' : s}Z` : null);
const num = (s: string) => (s === '' ? null : Number(s));

function couponBody(v: Record<string, string>) {
  const percent = v.kind === 'percent';
  return {
    code: v.code,
    scope: v.scope,
    scope_id: v.scope === 'order' ? null : num(v.scope_id),
    percent_off: percent ? num(v.value) : null,
    amount_off: percent ? null : v.value || null,
    starts_at: fromInput(v.starts_at),
    expires_at: fromInput(v.expires_at),
    max_uses: num(v.max_uses),
    max_uses_per_customer: num(v.max_uses_per_customer),
    campaign_id: num(v.campaign_id),
  };
}

function CouponForm(props: { coupon?: Coupon; onDone: (c: Coupon) => void; onCancel?: () => void }) {
  const c = props.coupon;
  const action = useAction();
  const submit = (e: Event) => {
    const body = couponBody(formValues(e));
    action.run(async () => {
      const saved = c ? await patch<Coupon>(`/coupons/${c.id}`, body) : await post<Coupon>('/coupons', body);
      props.onDone(saved);
    });
  };
  return (
    <form class="panel" onSubmit={submit} aria-label={c ? `Edit coupon ${c.code}` : 'New coupon'}>
      <h2 style={{ marginTop: 0 }}>{c ? `Edit coupon ${c.code}` : 'New coupon'}</h2>
      <div class="form-grid">
        <Field label="Code" name="code" defaultValue={c?.code} required />
        <Select
          label="Discount kind"
          name="kind"
          value={c?.amount_off ? 'amount' : 'percent'}
          options={[
            { value: 'percent', label: 'Percent off' },
            { value: 'amount', label: 'Amount off (£)' },
          ]}
        />
        <Field label="Percent or amount" name="value" defaultValue={String(c?.percent_off ?? c?.amount_off ?? '')} required />
        <Select
          label="Applies to"
          name="scope"
          value={c?.scope ?? 'order'}
          options={[
            { value: 'order', label: 'Whole order' },
            { value: 'category', label: 'A category' },
            { value: 'product', label: 'A product' },
          ]}
        />
        <Field label="Category or product id" name="scope_id" defaultValue={c?.scope_id?.toString() ?? ''} />
        <Field label="Starts (UTC)" name="starts_at" type="datetime-local" defaultValue={toInput(c?.starts_at ?? null)} />
        <Field label="Expires (UTC)" name="expires_at" type="datetime-local" defaultValue={toInput(c?.expires_at ?? null)} />
        <Field label="Max uses" name="max_uses" type="number" min={1} defaultValue={c?.max_uses?.toString() ?? ''} />
        <Field
          label="Max uses per customer"
          name="max_uses_per_customer"
          type="number"
          min={1}
          defaultValue={c?.max_uses_per_customer?.toString() ?? ''}
        />
        <Field label="Campaign id" name="campaign_id" defaultValue={c?.campaign_id?.toString() ?? ''} />
      </div>
      <ErrorBox error={action.error} />
      <div class="form-row" style={{ marginTop: '12px' }}>
        <button type="submit" disabled={action.busy}>
          {c ? 'Save coupon' : 'Create coupon'}
        </button>
        {props.onCancel && (
          <button type="button" class="secondary" onClick={props.onCancel}>
            Close
          </button>
        )}
      </div>
    </form>
  );
}

function Coupons() {
  const coupons = useLoad(() => get<{ items: Coupon[] }>('/coupons'), []);
  const use = useLoad(() => get<Table>(`/analytics/coupons?as_of=${today()}`), []);
  const [editing, setEditing] = useState<Coupon>();
  const [creating, setCreating] = useState(false);
  const [message, setMessage] = useState<string>();
  const toggle = useAction();
  const byId = new Map((use.data?.rows ?? []).map((r) => [r.coupon_id as number, r]));
  const done = (verb: string) => (c: Coupon) => {
    setMessage(`Coupon ${c.code} ${verb}.`);
    setEditing(undefined);
    setCreating(false);
    coupons.reload();
    use.reload();
  };
  const setActive = (c: Coupon, active: boolean) =>
    toggle.run(async () => {
      await patch(`/coupons/${c.id}`, { active });
      setMessage(`Coupon ${c.code} ${active ? 'enabled' : 'disabled'}.`);
      coupons.reload();
    });
  return (
    <Page
      title="Coupons"
      actions={
        <button type="button" onClick={() => (setCreating(true), setEditing(undefined))}>
          New coupon
        </button>
      }
    >
      {creating && <CouponForm onDone={done('created')} onCancel={() => setCreating(false)} />}
      {editing && <CouponForm key={editing.id} coupon={editing} onDone={done('saved')} onCancel={() => setEditing(undefined)} />}
      {message && <Notice>{message}</Notice>}
      <ErrorBox error={coupons.error ?? use.error ?? toggle.error} />
      {coupons.loading && !coupons.data && <Loading />}
      {coupons.data && (
        <DataTable
          caption="Coupons with their use to date"
          rows={coupons.data.items}
          rowKey={(c) => c.id}
          empty="No coupons yet. Create one with New coupon."
          columns={[
            { key: 'code', label: 'Code', render: (c) => <code>{c.code}</code> },
            {
              key: 'value',
              label: 'Discount',
              render: (c) =>
                (c.percent_off ? `${c.percent_off}%` : fmtMoney(c.amount_off, c.currency)) +
                (c.scope === 'order' ? ' off the order' : ` off ${c.scope} ${c.scope_id}`),
            },
            { key: 'valid', label: 'Valid', render: (c) => `${fmtDate(c.starts_at) ?? ''} – ${c.expires_at ? fmtDate(c.expires_at) : 'open'}` },
            { key: 'uses', label: 'Uses', numeric: true, render: (c) => `${fmtInt(c.uses)}${c.max_uses ? ` / ${fmtInt(c.max_uses)}` : ''}` },
            { key: 'customers', label: 'Customers', numeric: true, render: (c) => fmtInt(byId.get(c.id)?.customers as number) },
            { key: 'discount', label: 'Discount given', numeric: true, render: (c) => fmtMoney(byId.get(c.id)?.discount as string) },
            { key: 'revenue', label: 'Revenue', numeric: true, render: (c) => fmtMoney(byId.get(c.id)?.revenue as string) },
            { key: 'active', label: 'State', render: (c) => (c.active ? 'active' : 'disabled') },
            {
              key: 'actions',
              label: 'Actions',
              render: (c) => (
                <div class="form-row">
                  <button type="button" class="secondary" onClick={() => (setEditing(c), setCreating(false))}>
                    Edit<span class="sr-only"> {c.code}</span>
                  </button>
                  <button type="button" class="secondary" disabled={toggle.busy} onClick={() => setActive(c, !c.active)}>
                    {c.active ? 'Disable' : 'Enable'}
                    <span class="sr-only"> {c.code}</span>
                  </button>
                </div>
              ),
            },
          ]}
        />
      )}
    </Page>
  );
}
