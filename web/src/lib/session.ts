// Who is logged in. The bearer token lives in sessionStorage (see docs/web.md "Login"): it
// survives a reload of the tab, is gone when the tab closes, is never sent by the browser on its
// own (so no CSRF), and is not shared with other tabs.
import { signal } from './signal';

export type Role = 'customer' | 'warehouse' | 'analyst' | 'admin';

export interface Session {
  token: string;
  role: Role;
  username: string;
  expires_at: string;
}

const KEY = 'cartwise.session';

function load(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    return Date.parse(s.expires_at) > Date.now() ? s : null;
  } catch {
    return null;
  }
}

export const session = signal<Session | null>(load());

export function setSession(s: Session | null) {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
  session.set(s);
}

export const isStaff = (s: Session | null) => !!s && s.role !== 'customer';
export const canWarehouse = (s: Session | null) => s?.role === 'warehouse' || s?.role === 'admin';
export const canAnalyse = (s: Session | null) => s?.role === 'analyst' || s?.role === 'admin';
