#include "demo/generator.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <queue>
#include <set>
#include <unordered_map>

#include "core/money.hpp"
#include "db/bulk_writer.hpp"
#include "demo/bulk_mode.hpp"
#include "demo/calendar.hpp"
#include "demo/catalog_builder.hpp"
#include "demo/people.hpp"
#include "demo/promotions_plan.hpp"
#include "demo/random.hpp"
#include "demo/shop_data.hpp"
#include "loyalty/reward_rules.hpp"
#include "promotions/checkout.hpp"
#include "promotions/coupon_rules.hpp"

namespace cw::demo {
namespace {

constexpr std::int64_t kHistoryDays = 3 * 365 + 20;

enum class SessionKind : std::uint8_t { kOrder, kBrowse, kAnonymous };

// One visit to the shop; the customer-less ones are anonymous. Sorted by time, then written.
struct Session {
  std::int64_t at;
  std::uint32_t customer;  // 0 for anonymous visitors
  SessionKind kind;
};

// Per-customer facts accumulated while orders are written (same definitions as analytics).
struct Facts {
  std::int64_t first = 0, last = 0, revenue = 0, discount = 0, items = 0;
  std::int64_t orders = 0;
  std::int64_t orders_dow[7] = {}, revenue_dow[7] = {};
  std::int64_t orders_mp[4] = {}, revenue_mp[4] = {};
  std::int64_t orders_tod[4] = {}, revenue_tod[4] = {};

  // `amount` is the goods after discounts (analytics' revenue).
  void add(std::int64_t at, Minor amount, Minor discounted, std::int64_t units) {
    if (orders == 0 || at < first) first = at;
    if (orders == 0 || at > last) last = at;
    ++orders;
    revenue += amount;
    discount += discounted;
    items += units;
    const Slots s = slots_at(at);
    ++orders_dow[s.day_of_week];
    revenue_dow[s.day_of_week] += amount;
    ++orders_mp[s.month_part];
    revenue_mp[s.month_part] += amount;
    ++orders_tod[s.time_of_day];
    revenue_tod[s.time_of_day] += amount;
  }
};

// Heavy-tailed number of orders: ~15% never order, ~38% of buyers order once, the rest follow a
// log-normal tail whose mean is tuned so that the overall mean is `mean_orders`.
class OrderCountModel {
 public:
  explicit OrderCountModel(double mean_orders) {
    const double tail_mean =
        std::max(0.05, (mean_orders / kBuyerShare - kOnceShare) / (1 - kOnceShare) - 2.0);
    mu_ = std::log(tail_mean + 0.5) - kSigma * kSigma / 2;
  }
  int operator()(Random& random) const {
    if (!random.chance(kBuyerShare)) return 0;
    if (random.chance(kOnceShare)) return 1;
    const double tail = std::exp(mu_ + kSigma * random.normal());
    return 2 + static_cast<int>(std::min(tail, 400.0));
  }

 private:
  static constexpr double kBuyerShare = 0.85;
  static constexpr double kOnceShare = 0.38;
  static constexpr double kSigma = 1.1;
  double mu_ = 0;
};

class Generator {
 public:
  Generator(db::Database& db, const Clock& clock, const Options& options)
      : db_(db),
        options_(options),
        now_(to_unix(clock.now())),
        start_((now_ / kSecondsPerDay - kHistoryDays) * kSecondsPerDay),
        calendar_(start_ / kSecondsPerDay - 40, now_ / kSecondsPerDay, now_) {}

  Summary run() {
    auto lease = db_.lease();
    db::Connection& c = *lease;
    BulkMode bulk(
        c, db_.options().durability,
        {"customers", "addresses", "accounts", "orders", "order_lines", "order_events", "visits",
         "visit_events", "customer_facts", "demo_restocks", "rewards", "coupon_redemptions"});
    Random catalog_random(options_.seed, 1);
    {
      db::Transaction tx(c, db::TxMode::kWrite);
      products_ = build_catalog(c, catalog_random, start_ - 30 * kSecondsPerDay, restock_id_);
      Random promotions_random(options_.seed, 4);
      promotions_.emplace(c, promotions_random, start_, now_, options_.customers,
                          static_cast<std::int64_t>(data::categories().size()));
      tx.commit();
    }
    summary_.campaigns = promotions_->campaigns();
    summary_.coupons = promotions_->coupons();
    summary_.products = static_cast<std::int64_t>(products_.size());
    for (std::size_t i = 0; i < products_.size(); ++i)
      for (int month = 0; month < 12; ++month)
        popularity_weights_[month].push_back(products_[i].popularity * products_[i].season[month]);
    for (int month = 0; month < 12; ++month)
      by_month_[month] = WeightedChoice(popularity_weights_[month]);
    db::BulkWriter writer(c);
    open_tables(writer);
    write_customers(c);
    write_sessions(c);
    finish(c);
    progress("indexes", 0, 1);
    bulk.finish();
    progress("indexes", 1, 1);
    return summary_;
  }

 private:
  void progress(std::string_view phase, std::int64_t done, std::int64_t total) {
    if (options_.on_progress) options_.on_progress({phase, done, total});
  }

  // The bulk tables, parents before children (BulkWriter flushes them in this order). Rewards
  // come after orders (a reward names the order that earned it); an order that claims a reward
  // still buffered flushes first (write_order).
  struct Tables {
    db::BulkWriter& writer;
    db::BulkWriter::Table& customers;
    db::BulkWriter::Table& addresses;
    db::BulkWriter::Table& accounts;
    db::BulkWriter::Table& restocks;
    db::BulkWriter::Table& orders;
    db::BulkWriter::Table& order_lines;
    db::BulkWriter::Table& order_events;
    db::BulkWriter::Table& rewards;
    db::BulkWriter::Table& visits;
    db::BulkWriter::Table& visit_events;
    db::BulkWriter::Table& customer_facts;
  };

  void open_tables(db::BulkWriter& w) {
    std::vector<std::string> facts{"customer_id", "first_order_at", "last_order_at", "orders",
                                   "revenue",     "shipping",       "discount",      "items"};
    for (const char* group : {"orders_dow", "revenue_dow"})
      for (int i = 0; i < 7; ++i) facts.push_back(group + std::to_string(i));
    for (const char* group : {"orders_mp", "revenue_mp", "orders_tod", "revenue_tod"})
      for (int i = 0; i < 4; ++i) facts.push_back(group + std::to_string(i));
    tables_.emplace(Tables{
        w,
        w.table("customers", {"id", "email", "first_name", "last_name", "phone", "gender",
                              "date_of_birth", "occupation", "created_at"}),
        w.table("addresses", {"customer_id", "line1", "city", "postcode", "country", "is_default"}),
        w.table("accounts", {"username", "password_hash", "role", "customer_id", "created_at"}),
        w.table("demo_restocks", {"id", "product_id", "size", "quantity", "at"}),
        w.table("orders", {"id", "customer_id", "status", "placed_at", "subtotal", "discount",
                           "shipping", "total", "currency", "ship_line1", "ship_city",
                           "ship_postcode", "ship_country", "coupon_id", "claimed_reward_id"}),
        w.table("order_lines", {"order_id", "line_no", "product_id", "size", "quantity",
                                "unit_price", "discount", "line_total"}),
        w.table("order_events", {"order_id", "status", "at"}),
        w.table("rewards", {"id", "token", "customer_id", "order_id", "category", "percent_off",
                            "product_id", "status", "allocated_at", "expires_at", "revoked_at"}),
        w.table("visits", {"id", "customer_id", "visitor_key", "started_at", "source", "order_id",
                           "campaign_id"}),
        w.table("visit_events", {"visit_id", "kind", "product_id", "size", "quantity", "at"}),
        w.table("customer_facts", std::move(facts))});
  }

  // Everything buffered goes in before the transaction commits.
  void flush() {
    tables_->writer.flush();
    rewards_written_ = reward_id_;
  }

  void write_customers(db::Connection& c) {
    Random random(options_.seed, 2);
    const OrderCountModel order_count(options_.orders_per_customer);
    const std::int64_t n = options_.customers;
    people_.reserve(static_cast<std::size_t>(n) + 1);
    people_.emplace_back();  // customer ids are 1-based
    facts_.resize(static_cast<std::size_t>(n) + 1);
    PeopleFactory factory(now_, start_);
    std::optional<db::Transaction> tx;
    for (std::int64_t id = 1; id <= n; ++id) {
      if (!tx) tx.emplace(c, db::TxMode::kWrite);
      const Person p = factory.make(random, id);
      tables_->customers.add(id, p.email, p.first_name, p.last_name, p.phone, p.gender,
                             p.date_of_birth, p.occupation, p.created_at);
      tables_->addresses.add(id, p.line1, p.city, p.postcode, "GB", 1);
      tables_->accounts.add(p.username, options_.password_hash, "customer", id, p.created_at);
      people_.push_back(p.compact);
      plan_sessions(random, order_count, static_cast<std::uint32_t>(id), p.created_at);
      if (id % 50000 == 0 || id == n) {
        flush();
        tx->commit();
        tx.reset();
        progress("customers", id, n);
      }
    }
    summary_.customers = n;
    // Anonymous visitors: browsing only, spread over the whole period.
    const std::int64_t anonymous = n * 6 / 10;
    for (std::int64_t i = 0; i < anonymous; ++i)
      sessions_.push_back({calendar_.sample(random, start_, now_), 0, SessionKind::kAnonymous});
  }

  void plan_sessions(Random& random, const OrderCountModel& order_count, std::uint32_t customer,
                     std::int64_t signup) {
    const int orders = order_count(random);
    // About half the customers drift away after a while; the others keep shopping until now.
    const std::int64_t end =
        random.chance(0.55)
            ? std::min(now_, signup + static_cast<std::int64_t>(random.exponential(420.0) *
                                                                kSecondsPerDay))
            : now_;
    if (orders > 0) {
      const std::int64_t first = std::min(
          end, signup + static_cast<std::int64_t>(random.exponential(2.0) * kSecondsPerDay));
      sessions_.push_back({first, customer, SessionKind::kOrder});
      for (int i = 1; i < orders; ++i)
        sessions_.push_back({calendar_.sample(random, first, end), customer, SessionKind::kOrder});
    }
    // Browsing without buying: everyone browses a little, buyers more; non-buyers are the
    // "visited but never ordered" customers.
    const int browses = orders == 0 ? 1 + static_cast<int>(random.below(4))
                                    : static_cast<int>(random.below(3)) + orders / 4;
    for (int i = 0; i < browses; ++i)
      sessions_.push_back(
          {calendar_.sample(random, signup, std::min(now_, end + 60 * kSecondsPerDay)), customer,
           SessionKind::kBrowse});
  }

  void write_sessions(db::Connection& c) {
    progress("sorting", 0, 1);
    std::sort(sessions_.begin(), sessions_.end(), [](const Session& a, const Session& b) {
      if (a.at != b.at) return a.at < b.at;
      if (a.customer != b.customer) return a.customer < b.customer;
      return a.kind < b.kind;
    });
    Random random(options_.seed, 3);
    const auto total = static_cast<std::int64_t>(sessions_.size());
    std::optional<db::Transaction> tx;
    std::int64_t since_commit = 0;
    for (std::int64_t i = 0; i < total; ++i) {
      if (!tx) tx.emplace(c, db::TxMode::kWrite);
      const Session& s = sessions_[static_cast<std::size_t>(i)];
      if (s.kind == SessionKind::kOrder)
        write_order(random, s);
      else
        write_browse(random, s);
      if (++since_commit >= options_.orders_per_commit || i + 1 == total) {
        flush();
        tx->commit();
        tx.reset();
        since_commit = 0;
        progress("orders", i + 1, total);
      }
    }
    sessions_.clear();
    sessions_.shrink_to_fit();
  }

  // A visit; one that came through a campaign carries it and has the campaign's channel as source.
  std::int64_t start_visit(Random& random, const Session& s, std::int64_t started_at,
                           std::optional<std::int64_t> order_id, CampaignPlan* campaign) {
    const std::int64_t visit_id = ++visit_id_;
    std::string_view source = pick_source(random);
    std::optional<std::int64_t> campaign_id;
    if (campaign) {
      source = campaign->channel;
      campaign_id = campaign->id;
      ++campaign->visits;
    }
    std::optional<std::int64_t> customer;
    std::optional<std::string> visitor_key;
    if (s.customer != 0)
      customer = s.customer;
    else
      visitor_key = anonymous_key(random);
    tables_->visits.add(visit_id, customer, visitor_key, started_at, source, order_id, campaign_id);
    ++summary_.visits;
    return visit_id;
  }

  void event(std::int64_t visit_id, std::string_view kind, std::int64_t product_id,
             std::optional<std::string_view> size, std::int64_t quantity, std::int64_t at) {
    tables_->visit_events.add(visit_id, kind, product_id, size, quantity, at);
  }

  void write_browse(Random& random, const Session& s) {
    CampaignPlan* campaign = promotions_->campaign_at(s.at);
    if (campaign && !random.chance(0.2)) campaign = nullptr;
    const std::int64_t visit_id = start_visit(random, s, s.at, std::nullopt, campaign);
    const int month = calendar_.month_of(s.at);
    const int views = 1 + static_cast<int>(random.below(5));
    const double cart_chance = s.customer != 0 ? 0.35 : 0.15;
    std::int64_t at = s.at;
    for (int v = 0; v < views; ++v) {
      const ProductInfo& p = products_[by_month_[month](random)];
      at += random.between(15, 240);
      event(visit_id, "view", p.id, std::nullopt, 1, at);
      if (v == views - 1 && random.chance(cart_chance)) {
        // An abandoned cart: something was added and no order followed.
        const std::size_t size = s.customer != 0 ? size_for(p, people_[s.customer].size_index)
                                                 : random.below(p.sizes.size());
        event(visit_id, "cart_add", p.id, p.sizes[size], 1, at + random.between(10, 90));
      }
    }
  }

  // Where a line of the order being written comes from: its product and size in the generator's
  // books. The money of the line is in the parallel promotions::PricedLine, which checkout's
  // discount rules work on.
  struct PlannedLine {
    std::size_t product;
    std::size_t size;
    std::int64_t quantity;
  };

  // A reward allocated by a non-cancelled order that its customer may still claim.
  struct OpenReward {
    std::int64_t id;
    std::size_t product;
    int percent_off;
    std::int64_t claimable_from;  // after a cancelled claim: when the cancel gave it back
    std::int64_t expires_at;
  };

  // The customer's reward that expires first among those claimable at `at`; expired ones are
  // forgotten (they stay unclaimed in the table, which reads as expired).
  std::optional<OpenReward> take_claimable_reward(std::uint32_t customer, std::int64_t at) {
    const auto found = open_rewards_.find(customer);
    if (found == open_rewards_.end()) return std::nullopt;
    std::vector<OpenReward>& held = found->second;
    std::erase_if(held, [at](const OpenReward& r) { return r.expires_at <= at; });
    std::optional<OpenReward> best;
    std::size_t best_index = 0;
    for (std::size_t i = 0; i < held.size(); ++i)
      if (held[i].claimable_from <= at && (!best || held[i].expires_at < best->expires_at)) {
        best = held[i];
        best_index = i;
      }
    if (best) held.erase(held.begin() + static_cast<std::ptrdiff_t>(best_index));
    if (held.empty()) open_rewards_.erase(found);
    return best;
  }

  // loyalty::least_selling_product on the generator's own books: active (every demo product
  // is), stock left in some size, fewest units sold in non-cancelled orders, ties to lowest id.
  std::optional<std::size_t> least_selling() const {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < products_.size(); ++i) {
      const ProductInfo& p = products_[i];
      if (best && p.units_sold >= products_[*best].units_sold) continue;
      if (std::any_of(p.stock.begin(), p.stock.end(), [](std::int64_t n) { return n > 0; }))
        best = i;
    }
    return best;
  }

  // The coupon this order uses, if any: a first order sometimes uses WELCOME10, an order while a
  // campaign runs sometimes its coupon; only when live checkout would accept it.
  promotions::Coupon* choose_coupon(Random& random, const Session& s, CampaignPlan* campaign) {
    promotions::Coupon* coupon = nullptr;
    if (facts_[s.customer].orders == 0 && random.chance(0.4))
      coupon = &promotions_->welcome();
    else if (campaign && random.chance(0.5))
      coupon = &promotions_->coupon(campaign->coupon);
    if (coupon && !promotions_->may_redeem(*coupon, s.customer, s.at)) return nullptr;
    return coupon;
  }

  // An order that will be cancelled: until then it holds its stock, its units sold (the
  // least-selling rule counts it) and its coupon use, as in the live shop.
  struct PendingCancel {
    std::int64_t at;
    std::uint32_t customer;
    promotions::Coupon* coupon;
    std::vector<PlannedLine> lines;
    bool operator>(const PendingCancel& other) const { return at > other.at; }
  };

  void settle_cancellations(std::int64_t until) {
    while (!cancels_.empty() && cancels_.top().at <= until) {
      const PendingCancel& cancel = cancels_.top();
      for (const PlannedLine& l : cancel.lines) {
        ProductInfo& p = products_[l.product];
        p.stock[l.size] += l.quantity;
        p.units_sold -= l.quantity;
      }
      if (cancel.coupon) promotions_->release(*cancel.coupon, cancel.customer);
      cancels_.pop();
    }
  }

  void write_order(Random& random, const Session& s) {
    settle_cancellations(s.at);
    const CompactPerson& person = people_[s.customer];
    const int month = calendar_.month_of(s.at);
    const int wanted = random.chance(0.64) ? 1 : random.chance(0.7) ? 2 : 3;
    std::vector<PlannedLine>& lines = lines_buffer_;
    promotions::PricedLines& priced = priced_buffer_;
    lines.clear();
    priced.clear();
    const auto add_line = [&](std::size_t product, std::size_t size, std::int64_t quantity) {
      const ProductInfo& p = products_[product];
      lines.push_back({product, size, quantity});
      priced.push_back({.product_id = p.id,
                        .category_id = p.category_id,
                        .quantity = quantity,
                        .unit_price = price_at(p, s.at)});
    };
    for (int l = 0; l < wanted; ++l) {
      const std::size_t product = by_month_[month](random);
      const ProductInfo& p = products_[product];
      std::uint8_t size_index = person.size_index;
      if (random.chance(0.08))  // a gift, or a half size up
        size_index = static_cast<std::uint8_t>(
            std::clamp<int>(size_index + (random.chance(0.5) ? 1 : -1), 0, kSizeSteps - 1));
      const std::size_t size = size_for(p, size_index);
      if (std::any_of(lines.begin(), lines.end(),
                      [&](const PlannedLine& x) { return x.product == product && x.size == size; }))
        continue;
      const std::int64_t quantity = random.chance(0.92) ? 1 : random.chance(0.8) ? 2 : 3;
      add_line(product, size, quantity);
    }
    // A reward held is often what brings the customer back: its product joins the order.
    std::optional<OpenReward> reward = take_claimable_reward(s.customer, s.at);
    if (reward && random.chance(0.3)) {
      if (std::none_of(lines.begin(), lines.end(),
                       [&](const PlannedLine& x) { return x.product == reward->product; })) {
        add_line(reward->product, size_for(products_[reward->product], person.size_index), 1);
      }
    } else if (reward) {
      open_rewards_[s.customer].push_back(*reward);  // kept for a later order
      reward.reset();
    }
    CampaignPlan* campaign = promotions_->campaign_at(s.at);
    promotions::Coupon* coupon = choose_coupon(random, s, campaign);

    const std::int64_t order_id = ++order_id_;
    const bool cancelled = random.chance(0.03);
    // Status history: shipped within two days, delivered a few days later; a cancellation comes
    // within hours, from placed. Only events up to now have happened.
    const std::int64_t cancelled_at = s.at + random.between(600, 20 * kSecondsPerHour);
    const std::int64_t shipped_at =
        s.at + random.between(3 * kSecondsPerHour, 40 * kSecondsPerHour);
    const std::int64_t delivered_at =
        shipped_at + random.between(20 * kSecondsPerHour, 4 * kSecondsPerDay);
    const bool is_cancelled = cancelled && cancelled_at <= now_;
    const char* status = is_cancelled           ? "cancelled"
                         : delivered_at <= now_ ? "delivered"
                         : shipped_at <= now_   ? "shipped"
                                                : "placed";
    // Checkout's order of steps: stock (and units sold), coupon, reward claim, the bill, then the
    // new reward, whose least-selling product counts this order.
    for (const PlannedLine& l : lines) {
      ProductInfo& p = products_[l.product];
      take_stock(p, l.size, l.quantity, s.at);
      p.units_sold += l.quantity;
    }
    Minor coupon_discount = 0;
    if (coupon) {  // out of scope: checkout would refuse it, so the order goes without
      const auto off = promotions::coupon_discounts(*coupon, priced);
      if (off)
        coupon_discount = promotions::add_discounts(priced, *off);
      else
        coupon = nullptr;
    }
    if (reward)
      loyalty::add_reward_discount(priced, products_[reward->product].id, reward->percent_off);
    Minor subtotal = 0, discount = 0;
    std::int64_t units = 0;
    for (const promotions::PricedLine& l : priced) {
      subtotal += l.goods();
      discount += l.discount;
      units += l.quantity;
    }
    const Minor goods_after_discount = subtotal - discount;
    const Address address = address_of(person);
    // The claimed reward must be in the database before the order that points at it.
    if (reward && reward->id > rewards_written_) flush();
    tables_->orders.add(order_id, static_cast<std::int64_t>(s.customer), status, s.at, subtotal,
                        discount, 0, goods_after_discount, options_.currency, address.line1,
                        address.city, address.postcode, "GB",
                        coupon ? std::optional<std::int64_t>(coupon->id) : std::nullopt,
                        reward ? std::optional<std::int64_t>(reward->id) : std::nullopt);
    int line_no = 0;
    for (std::size_t k = 0; k < lines.size(); ++k) {
      const promotions::PricedLine& l = priced[k];
      tables_->order_lines.add(order_id, ++line_no, l.product_id,
                               products_[lines[k].product].sizes[lines[k].size], l.quantity,
                               l.unit_price, l.discount, l.goods() - l.discount);
    }
    summary_.lines += line_no;
    ++summary_.orders;
    if (coupon) {
      ++summary_.coupon_orders;
      promotions_->redeem(*coupon, s.customer);
      if (!is_cancelled) {  // a cancel deletes the redemption (and gives the use back)
        const promotions::AppliedCoupon applied{.coupon_id = coupon->id,
                                                .campaign_id = coupon->campaign_id,
                                                .discount = coupon_discount};
        const std::int64_t customer = s.customer;
        const Timestamp at = from_unix(s.at);
        tables_->writer.after_flush([applied, order_id, customer, at](db::Connection& c) {
          promotions::record_redemption(c, applied, order_id, customer, at);
        });
      }
    }
    if (reward) {
      if (is_cancelled) {  // the cancel returned the claim
        reward->claimable_from = cancelled_at;
        open_rewards_[s.customer].push_back(*reward);
      } else {
        tables_->writer.after_flush([at = s.at, order_id, id = reward->id](db::Connection& c) {
          c.exec(
              "UPDATE rewards SET status = 'claimed', claimed_at = ?, claimed_order_id = ?"
              " WHERE id = ?",
              at, order_id, id);
        });
        ++summary_.rewards_claimed;
      }
    }
    allocate_reward(s, order_id, goods_after_discount, is_cancelled, cancelled_at);
    if (is_cancelled)
      cancels_.push({cancelled_at, s.customer, coupon, lines});
    else
      for (const PlannedLine& l : lines) products_[l.product].last_sold_at = s.at;
    const auto history = [&](const char* what, std::int64_t at) {
      tables_->order_events.add(order_id, what, at);
    };
    history("placed", s.at);
    if (is_cancelled) {
      history("cancelled", cancelled_at);
      ++summary_.cancelled;
    } else {
      if (shipped_at <= now_) history("shipped", shipped_at);
      if (delivered_at <= now_) history("delivered", delivered_at);
      facts_[s.customer].add(s.at, goods_after_discount, discount, units);
    }
    // The visit the order ended in: a look around, the products viewed and put in the cart. It
    // came through the campaign whose coupon was used, or now and then through the running one.
    CampaignPlan* via = nullptr;
    if ((coupon && coupon->campaign_id) || (campaign && random.chance(0.15))) via = campaign;
    const std::int64_t visit_start = s.at - random.between(120, std::int64_t{40} * 60);
    const std::int64_t visit_id = start_visit(random, s, visit_start, order_id, via);
    std::int64_t at = visit_start;
    if (random.chance(0.4)) {
      at += random.between(20, 120);
      event(visit_id, "view", products_[by_month_[month](random)].id, std::nullopt, 1, at);
    }
    const std::int64_t step = std::max<std::int64_t>(1, (s.at - at) / (2 * lines.size() + 1));
    for (const PlannedLine& l : lines) {
      const ProductInfo& p = products_[l.product];
      event(visit_id, "view", p.id, std::nullopt, 1, at += step);
      event(visit_id, "cart_add", p.id, p.sizes[l.size], l.quantity, at += step);
    }
  }

  // loyalty::allocate_reward on the generator's books: its terms by loyalty::reward_terms, the
  // least-selling product, an unguessable token; written in bulk with its final status (a
  // cancelled order's reward is revoked).
  void allocate_reward(const Session& s, std::int64_t order_id, Minor goods_after_discount,
                       bool is_cancelled, std::int64_t cancelled_at) {
    const loyalty::Rules& rules = options_.reward_rules;
    const auto terms = loyalty::reward_terms(goods_after_discount, rules);
    if (!terms) return;
    const auto product = least_selling();
    if (!product) return;
    const std::int64_t expires_at = s.at + rules.expiry.count();
    const std::int64_t reward_id = ++reward_id_;
    tables_->rewards.add(reward_id, loyalty::new_reward_token(),
                         static_cast<std::int64_t>(s.customer), order_id, terms->category,
                         terms->percent_off, products_[*product].id,
                         is_cancelled ? "revoked" : "unclaimed", s.at, expires_at,
                         is_cancelled ? std::optional<std::int64_t>(cancelled_at) : std::nullopt);
    ++summary_.rewards;
    if (!is_cancelled)
      open_rewards_[s.customer].push_back(
          {reward_id, *product, terms->percent_off, s.at, expires_at});
  }

  // Takes units off the shelf; when they are not there, a delivery arrives first (recorded).
  void take_stock(ProductInfo& p, std::size_t size, std::int64_t quantity, std::int64_t at) {
    while (p.stock[size] < quantity) {
      tables_->restocks.add(++restock_id_, p.id, p.sizes[size], p.restock_batch, at - 3600);
      p.stock[size] += p.restock_batch;
      ++summary_.restocks;
    }
    p.stock[size] -= quantity;
  }

  struct Address {
    std::string line1;
    std::string_view city;
    std::string_view postcode;
  };
  Address address_of(const CompactPerson& person) const {
    return {std::to_string(person.house_number) + " " + std::string(street_name(person)),
            city_name(person), std::string_view(person.postcode, person.postcode_length)};
  }

  std::string_view pick_source(Random& random) const {
    static const WeightedChoice weights({0.34, 0.3, 0.14, 0.12, 0.07, 0.03});
    return data::visit_sources()[weights(random)];
  }

  static std::string anonymous_key(Random& random) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string key = "anon-";
    std::uint64_t bits = random.next();
    for (int i = 0; i < 12; ++i, bits >>= 4) key += kHex[bits & 15];
    return key;
  }

  // Prices went up about 3% a year: an order captures the price of its day.
  Minor price_at(const ProductInfo& p, std::int64_t at) const {
    const double years_ago = static_cast<double>(now_ - at) / (365.0 * kSecondsPerDay);
    const Minor then = static_cast<Minor>(std::llround(static_cast<double>(p.price) /
                                                       (1.0 + 0.03 * years_ago) / 100.0)) *
                           100 -
                       (p.price % 100 == 99 ? 1 : 0);
    return std::max<Minor>(99, then);
  }

  void finish(db::Connection& c) {
    progress("facts", 0, 1);
    settle_cancellations(now_);
    db::Transaction tx(c, db::TxMode::kWrite);
    // The overstock: a bulk delivery of a few slow sellers after their last sale.
    for (ProductInfo& p : products_) {
      if (!p.overstocked) continue;
      const std::int64_t at = std::min(now_, std::max(p.last_sold_at, start_) + 3600);
      for (std::size_t size = 0; size < p.sizes.size(); ++size) {
        const std::int64_t quantity = 55 + static_cast<std::int64_t>(size * 7 % 40);
        tables_->restocks.add(++restock_id_, p.id, p.sizes[size], quantity, at);
        p.stock[size] += quantity;
        ++summary_.restocks;
      }
    }
    for (const ProductInfo& p : products_) {
      c.exec("UPDATE products SET units_sold = ? WHERE id = ?", p.units_sold, p.id);
      for (std::size_t size = 0; size < p.sizes.size(); ++size)
        c.exec("UPDATE product_sizes SET stock = ? WHERE product_id = ? AND size = ?",
               p.stock[size], p.id, p.sizes[size]);
    }
    promotions_->finish(c);
    for (std::size_t id = 1; id < facts_.size(); ++id) {
      const Facts& f = facts_[id];
      if (f.orders == 0) continue;
      tables_->customer_facts.add(
          static_cast<std::int64_t>(id), f.first, f.last, f.orders, f.revenue, 0, f.discount,
          f.items, f.orders_dow[0], f.orders_dow[1], f.orders_dow[2], f.orders_dow[3],
          f.orders_dow[4], f.orders_dow[5], f.orders_dow[6], f.revenue_dow[0], f.revenue_dow[1],
          f.revenue_dow[2], f.revenue_dow[3], f.revenue_dow[4], f.revenue_dow[5], f.revenue_dow[6],
          f.orders_mp[0], f.orders_mp[1], f.orders_mp[2], f.orders_mp[3], f.revenue_mp[0],
          f.revenue_mp[1], f.revenue_mp[2], f.revenue_mp[3], f.orders_tod[0], f.orders_tod[1],
          f.orders_tod[2], f.orders_tod[3], f.revenue_tod[0], f.revenue_tod[1], f.revenue_tod[2],
          f.revenue_tod[3]);
    }
    flush();
    tx.commit();
    progress("facts", 1, 1);
  }

  db::Database& db_;
  const Options& options_;
  const std::int64_t now_;
  const std::int64_t start_;
  Calendar calendar_;
  std::vector<ProductInfo> products_;
  std::vector<double> popularity_weights_[12];
  WeightedChoice by_month_[12];
  std::vector<CompactPerson> people_;
  std::vector<Facts> facts_;
  std::vector<Session> sessions_;
  std::vector<PlannedLine> lines_buffer_;
  promotions::PricedLines priced_buffer_;
  std::optional<PromotionsPlan> promotions_;
  std::unordered_map<std::uint32_t, std::vector<OpenReward>> open_rewards_;  // by customer
  std::int64_t reward_id_ = 0;
  std::int64_t rewards_written_ = 0;  // rewards up to this id are in the database (not buffered)
  std::optional<Tables> tables_;
  std::priority_queue<PendingCancel, std::vector<PendingCancel>, std::greater<>> cancels_;
  std::int64_t order_id_ = 0;
  std::int64_t visit_id_ = 0;
  std::int64_t restock_id_ = 0;
  Summary summary_;
};

Error invalid_option(const std::string& field, const std::string& message) {
  return Error::bad_request("invalid_option", message, field);
}

}  // namespace

bool is_valid_username(std::string_view u) {
  if (u.size() < 3 || u.size() > 32) return false;
  const auto plain = [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'); };
  if (!plain(u[0])) return false;
  return std::all_of(u.begin() + 1, u.end(),
                     [&](char ch) { return plain(ch) || ch == '.' || ch == '_' || ch == '-'; });
}

Result<Summary> generate(db::Database& db, const Clock& clock, const Options& options) {
  if (options.customers < 1 || options.customers > 100'000'000)
    return fail(invalid_option("customers", "customers must be from 1 to 100000000"));
  if (!(options.orders_per_customer >= 0.1 && options.orders_per_customer <= 200))
    return fail(
        invalid_option("orders_per_customer", "orders per customer must be from 0.1 to 200"));
  if (options.password_hash.empty())
    return fail(invalid_option("password_hash", "the shared password hash is missing"));
  {
    auto c = db.lease();
    if (c->scalar("SELECT (SELECT COUNT(*) FROM products) + (SELECT COUNT(*) FROM customers)")
            .value_or(0) > 0)
      return fail(
          Error::conflict("database_not_empty", "the database already has products or customers"));
  }
  const auto started = std::chrono::steady_clock::now();
  Generator generator(db, clock, options);
  Summary summary = generator.run();
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace cw::demo
