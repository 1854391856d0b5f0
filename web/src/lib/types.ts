// The API's JSON shapes the pages use (docs/api.md, src/http/openapi.json).
export interface SizeStock {
  size: string;
  stock: number;
}
export interface Product {
  id: number;
  name: string;
  description: string;
  category: string;
  category_id: number;
  price: string;
  currency: string;
  active: boolean;
  sizes: SizeStock[];
  reward_percent_off?: number | null;
}
export interface Address {
  line1: string;
  line2?: string | null;
  city: string;
  postcode: string;
  country: string;
}
export interface OrderLine {
  product_id: number;
  product_name: string;
  size: string;
  quantity: number;
  unit_price: string;
  discount: string;
  line_total: string;
}
export interface RewardAllocated {
  token: string;
  product_id: number;
  percent_off: number;
  category: number;
  allocated_at: string;
  expires_at: string;
}
export interface Order {
  id: number;
  customer_id: number;
  status: string;
  placed_at: string;
  lines: OrderLine[];
  subtotal: string;
  discount: string;
  shipping: string;
  total: string;
  currency: string;
  ship_to: Address | null;
  history: { status: string; at: string }[];
  coupon_code: string | null;
  reward_token: string | null;
  rewards_allocated: RewardAllocated[];
}
export interface OrderSummary {
  id: number;
  status: string;
  placed_at: string;
  total: string;
  currency: string;
}
export interface Reward {
  token: string;
  product_id: number;
  percent_off: number;
  category: number;
  status: string;
  allocated_at: string;
  claimed_at: string | null;
  expires_at: string;
}
export interface Profile {
  id: number;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  gender: string | null;
  date_of_birth: string | null;
  occupation: string | null;
  address: Address | null;
  created_at: string;
}
export interface Coupon {
  id: number;
  code: string;
  scope: 'order' | 'category' | 'product';
  scope_id: number | null;
  percent_off: number | null;
  amount_off: string | null;
  currency: string;
  starts_at: string | null;
  expires_at: string | null;
  max_uses: number | null;
  max_uses_per_customer: number | null;
  uses: number;
  active: boolean;
  campaign_id: number | null;
  created_at: string;
}
export interface Campaign {
  id: number;
  name: string;
  channel: string;
  starts_at: string;
  ends_at: string;
  cost: string;
  currency: string;
  impressions: number;
  clicks: number;
  target_segment: string | null;
  created_at: string;
}
export interface Category {
  id: number;
  name: string;
  products: number;
}
