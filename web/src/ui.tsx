// Small building blocks every page uses: page frame, errors in words, empty states, tables,
// pagers, labelled inputs.
import type { ComponentChildren, InputHTMLAttributes, SelectHTMLAttributes } from 'preact';
import { useEffect, useId } from 'preact/hooks';
import { toCsv, saveFile } from './lib/csv';

export function Page(props: { title: string; actions?: ComponentChildren; children?: ComponentChildren }) {
  useEffect(() => {
    document.title = `${props.title} · Cartwise`;
  }, [props.title]);
  return (
    <section class="page" aria-labelledby="page-title">
      <header class="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {props.title}
        </h1>
        {props.actions && <div class="page-actions">{props.actions}</div>}
      </header>
      {props.children}
    </section>
  );
}

export function ErrorBox({ error }: { error?: string }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {error}
    </p>
  );
}

export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <p class="notice" role="status">
      {children}
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="empty">{children}</div>;
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p class="loading" aria-live="polite">
      {what}…
    </p>
  );
}

export interface Column<T> {
  key: string;
  label: string;
  render?: (row: T) => ComponentChildren;
  numeric?: boolean;
}

export function DataTable<T extends object>(props: {
  columns: Column<T>[];
  rows: T[];
  caption?: string;
  empty?: ComponentChildren;
  rowKey?: (row: T, i: number) => string | number;
}) {
  if (props.rows.length === 0) return <Empty>{props.empty ?? 'Nothing to show.'}</Empty>;
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={props.caption ?? 'table'}>
      <table>
        {props.caption && <caption>{props.caption}</caption>}
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th scope="col" class={c.numeric ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, i) => (
            <tr key={props.rowKey ? props.rowKey(row, i) : i}>
              {props.columns.map((c) => (
                <td class={c.numeric ? 'num' : undefined} data-label={c.label}>
                  {c.render ? c.render(row) : String((row as Record<string, unknown>)[c.key] ?? '–')}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CsvButton(props: { name: string; columns: string[]; rows: Record<string, unknown>[]; label?: string }) {
  return (
    <button
      type="button"
      class="secondary"
      disabled={props.rows.length === 0}
      onClick={() => saveFile(props.name, toCsv(props.columns, props.rows))}
    >
      {props.label ?? 'Download CSV'}
    </button>
  );
}

export function Pager(props: { page: number; pageSize: number; total: number; onPage: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" class="secondary" disabled={props.page <= 1} onClick={() => props.onPage(props.page - 1)}>
        Previous
      </button>
      <span>
        Page {props.page} of {pages}
      </span>
      <button type="button" class="secondary" disabled={props.page >= pages} onClick={() => props.onPage(props.page + 1)}>
        Next
      </button>
    </nav>
  );
}

type InputProps = InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; hint?: string };

// Ids from useId: two forms on one page may have fields of the same name (stock: filter and
// restock both take a product id), and a label must point at its own input.
export function Field({ label, name, hint, ...input }: InputProps) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} name={name} aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
    </div>
  );
}

type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & {
  label: string;
  name: string;
  options: { value: string; label: string }[];
};

export function Select({ label, name, options, ...select }: SelectProps) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name={name} {...select}>
        {options.map((o) => (
          <option value={o.value}>{o.label}</option>
        ))}
      </select>
    </div>
  );
}

export function Stat(props: { label: string; value: ComponentChildren; note?: ComponentChildren }) {
  return (
    <div class="stat">
      <div class="stat-label">{props.label}</div>
      <div class="stat-value">{props.value}</div>
      {props.note && <div class="stat-note">{props.note}</div>}
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge badge-${status}`}>{status}</span>;
}

// Reads a form's named inputs as strings.
export function formValues(e: Event): Record<string, string> {
  e.preventDefault();
  const data = new FormData(e.currentTarget as HTMLFormElement);
  const out: Record<string, string> = {};
  data.forEach((v, k) => (out[k] = String(v).trim()));
  return out;
}
