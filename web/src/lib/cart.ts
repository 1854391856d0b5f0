// The shopper's cart, kept in the browser (localStorage) so it survives reloads and logins; the
// server only sees it at checkout.
import { signal } from './signal';

export interface CartLine {
  product_id: number;
  name: string;
  size: string;
  quantity: number;
  price: string;
  currency: string;
}

const KEY = 'cartwise.cart';

function load(): CartLine[] {
  try {
    const lines = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(lines) ? lines : [];
  } catch {
    return [];
  }
}

export const cart = signal<CartLine[]>(load());

function save(lines: CartLine[]) {
  localStorage.setItem(KEY, JSON.stringify(lines));
  cart.set(lines);
}

export function addToCart(line: CartLine) {
  const lines = cart.get().map((l) => ({ ...l }));
  const same = lines.find((l) => l.product_id === line.product_id && l.size === line.size);
  if (same) same.quantity += line.quantity;
  else lines.push(line);
  save(lines);
}

export function setQuantity(product_id: number, size: string, quantity: number) {
  save(
    cart
      .get()
      .map((l) => (l.product_id === product_id && l.size === size ? { ...l, quantity } : l))
      .filter((l) => l.quantity > 0),
  );
}

export const clearCart = () => save([]);
export const cartCount = (lines: CartLine[]) => lines.reduce((n, l) => n + l.quantity, 0);
