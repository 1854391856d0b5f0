// The shopper's profile and delivery address (PATCH /me).
import { get, patch } from '../lib/api';
import { fmtDate } from '../lib/format';
import { useAction, useLoad } from '../lib/hooks';
import type { Profile } from '../lib/types';
import { ErrorBox, Field, Loading, Notice, Page, formValues } from '../ui';
import { RequireRole } from './guard';
import { useState } from 'preact/hooks';

export function ProfilePage() {
  return (
    <RequireRole roles={['customer']} title="Your account">
      <ProfileForm />
    </RequireRole>
  );
}

function ProfileForm() {
  const me = useLoad(() => get<Profile>('/me'), []);
  const action = useAction();
  const [saved, setSaved] = useState(false);
  const p = me.data;
  const submit = (e: Event) => {
    const v = formValues(e);
    setSaved(false);
    action.run(async () => {
      await patch<Profile>('/me', {
        email: v.email,
        first_name: v.first_name,
        last_name: v.last_name,
        phone: v.phone || null,
        gender: v.gender || null,
        date_of_birth: v.date_of_birth || null,
        occupation: v.occupation || null,
        ...(v.password ? { password: v.password } : {}),
        address: { line1: v.line1, line2: v.line2 || null, city: v.city, postcode: v.postcode, country: v.country },
      });
      setSaved(true);
      me.reload();
    });
  };
  if (!p) {
    return (
      <Page title="Your account">
        <ErrorBox error={me.error} />
        {me.loading && <Loading />}
      </Page>
    );
  }
  return (
    <Page title="Your account">
      <p class="muted">
        {p.username} · customer since {fmtDate(p.created_at)}
      </p>
      <form class="panel" onSubmit={submit} key={JSON.stringify(p)}>
        <div class="form-grid">
          <Field label="E-mail" name="email" type="email" defaultValue={p.email} required />
          <Field label="First name" name="first_name" defaultValue={p.first_name} required />
          <Field label="Last name" name="last_name" defaultValue={p.last_name} required />
          <Field label="Phone" name="phone" type="tel" defaultValue={p.phone ?? ''} />
          <Field label="Gender" name="gender" defaultValue={p.gender ?? ''} />
          <Field label="Date of birth" name="date_of_birth" type="date" defaultValue={p.date_of_birth ?? ''} />
          <Field label="Occupation" name="occupation" defaultValue={p.occupation ?? ''} />
          <Field label="New password" name="password" type="password" autoComplete="new-password" hint="Leave empty to keep it" />
        </div>
        <fieldset style={{ marginTop: '12px' }}>
          <legend>Default delivery address</legend>
          <div class="form-grid">
            <Field label="Address line 1" name="line1" defaultValue={p.address?.line1 ?? ''} required />
            <Field label="Address line 2" name="line2" defaultValue={p.address?.line2 ?? ''} />
            <Field label="Town or city" name="city" defaultValue={p.address?.city ?? ''} required />
            <Field label="Postcode" name="postcode" defaultValue={p.address?.postcode ?? ''} required />
            <Field label="Country code" name="country" defaultValue={p.address?.country ?? 'GB'} required />
          </div>
        </fieldset>
        <ErrorBox error={action.error} />
        {saved && <Notice>Saved.</Notice>}
        <button type="submit" disabled={action.busy}>
          Save
        </button>
      </form>
    </Page>
  );
}
