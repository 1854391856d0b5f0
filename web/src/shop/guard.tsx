import type { ComponentChildren } from 'preact';
import { Link } from '../lib/router';
import { useSignal } from '../lib/signal';
import { session, type Role } from '../lib/session';
import { Empty, Page } from '../ui';

// Renders children only for the given roles; otherwise says who may see the page and links to
// the login page, which comes back here afterwards.
export function RequireRole(props: { roles: Role[]; title: string; children: ComponentChildren }) {
  const s = useSignal(session);
  if (s && props.roles.includes(s.role)) return <>{props.children}</>;
  const next = encodeURIComponent(window.location.pathname + window.location.search);
  const who = props.roles.join(' or ');
  return (
    <Page title={props.title}>
      <Empty>
        {s ? `You are logged in as ${s.username} (${s.role}); this page is for ${who} accounts. ` : `This page is for ${who} accounts. `}
        <Link href={`/login?next=${next}`}>Log in</Link>
        {props.roles.includes('customer') && !s && (
          <>
            {' '}or <Link href="/register">create an account</Link>
          </>
        )}
        .
      </Empty>
    </Page>
  );
}
