// Numbers, money and dates in the shop's locale (en-GB) and currency (GBP by default; every
// money value from the API comes with its currency).
export const LOCALE = 'en-GB';
const money = new Map<string, Intl.NumberFormat>();

export function fmtMoney(amount: string | number | null | undefined, currency = 'GBP'): string {
  if (amount === null || amount === undefined || amount === '') return '–';
  let f = money.get(currency);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE, { style: 'currency', currency });
    money.set(currency, f);
  }
  return f.format(Number(amount));
}

const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 1 });

export const fmtInt = (n: number | null | undefined) => (n === null || n === undefined ? '–' : integer.format(n));
export const fmtNum = (n: number | null | undefined) => (n === null || n === undefined ? '–' : decimal.format(n));
export const fmtShare = (n: number | null | undefined) =>
  n === null || n === undefined ? '–' : percent.format(n);

const dateF = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const timeF = new Intl.DateTimeFormat(LOCALE, {
  day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC',
});

export function fmtDate(s: string | null | undefined): string {
  if (!s) return '–';
  const d = new Date(s.length === 10 ? s + 'T00:00:00Z' : s);
  return isNaN(d.getTime()) ? s : dateF.format(d);
}

export function fmtTime(s: string | null | undefined): string {
  if (!s) return '–';
  const d = new Date(s);
  return isNaN(d.getTime()) ? s : timeF.format(d) + ' UTC';
}

export const today = () => new Date().toISOString().slice(0, 10);
