// Client-side routing on real URLs (History API). The server answers index.html for any path
// outside /api/, so a reload or a shared link opens the same page.
import type { AnchorHTMLAttributes, ComponentChildren } from 'preact';
import { signal, useSignal } from './signal';

export const location$ = signal(window.location.pathname + window.location.search);

window.addEventListener('popstate', () => location$.set(window.location.pathname + window.location.search));

export function navigate(to: string, replace = false) {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  location$.set(window.location.pathname + window.location.search);
  if (!replace) window.scrollTo(0, 0);
}

export function useLocation(): { path: string; params: URLSearchParams } {
  const loc = useSignal(location$);
  const [path, search = ''] = loc.split('?');
  return { path, params: new URLSearchParams(search) };
}

// Replaces the query string, keeping the path (filters, paging).
export function setQuery(params: Record<string, string | number | undefined>, replace = false) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  navigate(window.location.pathname + (s ? '?' + s : ''), replace);
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string; children?: ComponentChildren };

export function Link({ href, children, ...rest }: LinkProps) {
  const onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}

// "/products/:id" against "/products/7" -> {id: "7"}; null when it does not match.
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const s = path.replace(/\/+$/, '').split('/');
  if (pattern === '/' ) return path === '/' || path === '' ? {} : null;
  if (p.length !== s.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) out[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return out;
}
