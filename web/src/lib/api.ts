// The one way the app talks to the server: the public JSON API under /api/v1. Errors arrive as
// application/problem+json; ApiError keeps the problem's `detail` so pages show it in words.
import { session, setSession } from './session';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly field?: string,
  ) {
    super(detail);
  }
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

export interface Table {
  report: string;
  as_of: string;
  currency?: string;
  columns: string[];
  rows: Record<string, unknown>[];
}

async function problem(response: Response): Promise<ApiError> {
  let body: { code?: string; detail?: string; title?: string; field?: string } = {};
  try {
    body = await response.json();
  } catch {
    // not JSON: fall back to the status text below
  }
  const detail = body.detail ?? body.title ?? `The server answered ${response.status} ${response.statusText}.`;
  return new ApiError(response.status, body.code ?? 'http_' + response.status, detail, body.field);
}

export async function request(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const s = session.get();
  if (s) headers.Authorization = `Bearer ${s.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch('/api/v1' + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check that cartwise serve is running.');
  }
  if (!response.ok) {
    const error = await problem(response);
    // An expired or revoked token: forget it, so the pages offer to log in again.
    if (error.code === 'invalid_token') setSession(null);
    throw error;
  }
  return response;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await request(method, path, body);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);

// "?a=1&b=x" from an object, leaving out empty values.
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.detail;
  if (e instanceof Error) return e.message;
  return String(e);
}
