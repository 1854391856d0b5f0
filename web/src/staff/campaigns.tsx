// Campaigns: list with ROI and cost per click (the campaigns report), create, edit (cost and
// clicks arrive later from the channel).
import { useState } from 'preact/hooks';
import { get, patch, post, type Table } from '../lib/api';
import { fmtDate, fmtInt, fmtMoney, fmtShare, today } from '../lib/format';
import { useAction, useLoad } from '../lib/hooks';
import type { Campaign } from '../lib/types';
import { RequireRole } from '../shop/guard';
import { DataTable, ErrorBox, Field, Loading, Notice, Page, formValues } from '../ui';

export function CampaignsPage() {
  return (
    <RequireRole roles={['analyst', 'admin']} title="Campaigns">
      <Campaigns />
    </RequireRole>
  );
}

function CampaignForm(props: { campaign?: Campaign; onDone: (c: Campaign) => void; onCancel: () => void }) {
  const c = props.campaign;
  const action = useAction();
  const submit = (e: Event) => {
    const v = formValues(e);
    const body = {
      name: v.name,
      channel: v.channel,
      starts_at: v.starts_at,
      ends_at: v.ends_at,
      cost: v.cost || '0.00',
      impressions: Number(v.impressions || 0),
      clicks: Number(v.clicks || 0),
      target_segment: v.target_segment || null,
    };
    action.run(async () =>
      props.onDone(c ? await patch<Campaign>(`/campaigns/${c.id}`, body) : await post<Campaign>('/campaigns', body)),
    );
  };
  return (
    <form class="panel" onSubmit={submit}>
      <h2 style={{ marginTop: 0 }}>{c ? `Edit campaign ${c.name}` : 'New campaign'}</h2>
      <div class="form-grid">
        <Field label="Name" name="name" defaultValue={c?.name} required />
        <Field label="Channel" name="channel" defaultValue={c?.channel ?? 'email'} required hint="email, ads, social…" />
        <Field label="Starts" name="starts_at" type="date" defaultValue={c?.starts_at ?? today()} required />
        <Field label="Ends" name="ends_at" type="date" defaultValue={c?.ends_at ?? today()} required />
        <Field label="Cost (£)" name="cost" inputMode="decimal" defaultValue={c?.cost ?? ''} />
        <Field label="Impressions" name="impressions" type="number" min={0} defaultValue={String(c?.impressions ?? '')} />
        <Field label="Clicks" name="clicks" type="number" min={0} defaultValue={String(c?.clicks ?? '')} />
        <Field label="Target segment" name="target_segment" defaultValue={c?.target_segment ?? ''} />
      </div>
      <ErrorBox error={action.error} />
      <div class="form-row" style={{ marginTop: '12px' }}>
        <button type="submit" disabled={action.busy}>
          {c ? 'Save campaign' : 'Create campaign'}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          Close
        </button>
      </div>
    </form>
  );
}

function Campaigns() {
  const campaigns = useLoad(() => get<{ items: Campaign[] }>('/campaigns'), []);
  const results = useLoad(() => get<Table>(`/analytics/campaigns?as_of=${today()}`), []);
  const [editing, setEditing] = useState<Campaign | 'new'>();
  const [message, setMessage] = useState<string>();
  const byId = new Map((results.data?.rows ?? []).map((r) => [r.campaign_id as number, r]));
  const done = (c: Campaign) => {
    setMessage(`Campaign ${c.name} saved.`);
    setEditing(undefined);
    campaigns.reload();
    results.reload();
  };
  return (
    <Page
      title="Campaigns"
      actions={
        <button type="button" onClick={() => setEditing('new')}>
          New campaign
        </button>
      }
    >
      {editing && (
        <CampaignForm
          key={editing === 'new' ? 'new' : editing.id}
          campaign={editing === 'new' ? undefined : editing}
          onDone={done}
          onCancel={() => setEditing(undefined)}
        />
      )}
      {message && <Notice>{message}</Notice>}
      <ErrorBox error={campaigns.error ?? results.error} />
      {campaigns.loading && !campaigns.data && <Loading />}
      {campaigns.data && (
        <DataTable
          caption="Campaigns with attributed orders, ROI and cost per click to date"
          rows={campaigns.data.items}
          rowKey={(c) => c.id}
          empty="No campaigns yet. Create one with New campaign."
          columns={[
            { key: 'name', label: 'Name' },
            { key: 'channel', label: 'Channel' },
            { key: 'dates', label: 'Runs', render: (c) => `${fmtDate(c.starts_at)} – ${fmtDate(c.ends_at)}` },
            { key: 'cost', label: 'Cost', numeric: true, render: (c) => fmtMoney(c.cost, c.currency) },
            { key: 'clicks', label: 'Clicks', numeric: true, render: (c) => fmtInt(c.clicks) },
            { key: 'orders', label: 'Orders', numeric: true, render: (c) => fmtInt(byId.get(c.id)?.orders as number) },
            { key: 'revenue', label: 'Revenue', numeric: true, render: (c) => fmtMoney(byId.get(c.id)?.revenue as string) },
            { key: 'cpc', label: 'CPC', numeric: true, render: (c) => fmtMoney(byId.get(c.id)?.cpc as string) },
            { key: 'roi', label: 'ROI', numeric: true, render: (c) => fmtShare(byId.get(c.id)?.roi as number) },
            {
              key: 'edit',
              label: '',
              render: (c) => (
                <button type="button" class="secondary" onClick={() => setEditing(c)}>
                  Edit<span class="sr-only"> {c.name}</span>
                </button>
              ),
            },
          ]}
        />
      )}
    </Page>
  );
}
