// Log in (any role) and register (shoppers). The token goes to sessionStorage (lib/session.ts).
import { post } from '../lib/api';
import { useAction } from '../lib/hooks';
import { Link, navigate, useLocation } from '../lib/router';
import { setSession, type Session } from '../lib/session';
import { ErrorBox, Field, Page, formValues } from '../ui';

function home(role: string) {
  if (role === 'warehouse') return '/staff/picklist';
  if (role === 'analyst' || role === 'admin') return '/dash';
  return '/';
}

async function logIn(username: string, password: string, next: string | null) {
  const s = await post<Omit<Session, 'username'>>('/sessions', { username, password });
  setSession({ ...s, username });
  // Only same-site paths: a crafted ?next= must not send the user elsewhere.
  navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : home(s.role), true);
}

export function LoginPage() {
  const { params } = useLocation();
  const action = useAction();
  const submit = (e: Event) => {
    const v = formValues(e);
    action.run(() => logIn(v.username, v.password, params.get('next')));
  };
  return (
    <Page title="Log in">
      <form class="panel" onSubmit={submit} style={{ maxWidth: '420px' }}>
        <Field label="Username" name="username" autoComplete="username" required />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <ErrorBox error={action.error} />
        <p>
          <button type="submit" disabled={action.busy}>
            Log in
          </button>
        </p>
        <p>
          New here? <Link href="/register">Create an account</Link>.
        </p>
      </form>
    </Page>
  );
}

export function RegisterPage() {
  const action = useAction();
  const submit = (e: Event) => {
    const v = formValues(e);
    action.run(async () => {
      await post('/customers', {
        username: v.username,
        password: v.password,
        email: v.email,
        first_name: v.first_name,
        last_name: v.last_name,
        phone: v.phone || null,
        address: { line1: v.line1, line2: v.line2 || null, city: v.city, postcode: v.postcode, country: v.country || 'GB' },
      });
      await logIn(v.username, v.password, '/account');
    });
  };
  return (
    <Page title="Create an account">
      <form class="panel" onSubmit={submit}>
        <div class="form-grid">
          <Field label="Username" name="username" autoComplete="username" required hint="3–32 letters, digits, . _ -" />
          <Field label="Password" name="password" type="password" autoComplete="new-password" required hint="At least 10 characters" />
          <Field label="E-mail" name="email" type="email" autoComplete="email" required />
          <Field label="First name" name="first_name" autoComplete="given-name" required />
          <Field label="Last name" name="last_name" autoComplete="family-name" required />
          <Field label="Phone (optional)" name="phone" type="tel" autoComplete="tel" />
        </div>
        <fieldset style={{ marginTop: '12px' }}>
          <legend>Delivery address</legend>
          <div class="form-grid">
            <Field label="Address line 1" name="line1" autoComplete="address-line1" required />
            <Field label="Address line 2 (optional)" name="line2" autoComplete="address-line2" />
            <Field label="Town or city" name="city" autoComplete="address-level2" required />
            <Field label="Postcode" name="postcode" autoComplete="postal-code" required />
            <Field label="Country code" name="country" autoComplete="country" defaultValue="GB" required />
          </div>
        </fieldset>
        <ErrorBox error={action.error} />
        <button type="submit" disabled={action.busy}>
          Create account
        </button>
      </form>
    </Page>
  );
}
