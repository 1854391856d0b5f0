#include <utility>

#include "promotions/coupons.hpp"
#include "promotions/text.hpp"

namespace cw::promotions {
namespace {

using detail::trimmed;

constexpr const char* kSelectCampaign =
    "SELECT id, name, channel, starts_on, ends_on, cost, impressions, clicks, target_segment, "
    "created_at, external_ref FROM campaigns";

Campaign read_campaign(db::Rows& r) {
  Campaign campaign;
  campaign.id = r.integer(0);
  campaign.name = r.text(1);
  campaign.channel = r.text(2);
  // Written by this module only, always as YYYY-MM-DD.
  campaign.starts_on = parse_date(r.text(3)).value_or(Date{});
  campaign.ends_on = parse_date(r.text(4)).value_or(Date{});
  campaign.cost = r.integer(5);
  campaign.impressions = r.integer(6);
  campaign.clicks = r.integer(7);
  campaign.target_segment = r.opt_text(8);
  campaign.created_at = from_unix(r.integer(9));
  campaign.external_ref = r.opt_text(10);
  return campaign;
}

Error invalid_campaign(std::string message, std::string field) {
  return Error::unprocessable("invalid_campaign", std::move(message), std::move(field));
}

// Normalises the text fields in place and checks the whole campaign.
Result<bool> validate(Campaign& campaign) {
  campaign.name = trimmed(campaign.name);
  campaign.channel = trimmed(campaign.channel);
  if (campaign.target_segment) {
    campaign.target_segment = trimmed(*campaign.target_segment);
    if (campaign.target_segment->empty()) campaign.target_segment.reset();
  }
  if (campaign.name.empty() || campaign.name.size() > 200) {
    return fail(invalid_campaign("A campaign name is 1 to 200 characters.", "name"));
  }
  if (campaign.channel.empty() || campaign.channel.size() > 64) {
    return fail(invalid_campaign("A channel is 1 to 64 characters.", "channel"));
  }
  if (campaign.ends_on < campaign.starts_on) {
    return fail(invalid_campaign("ends_at must not be before starts_at.", "ends_at"));
  }
  if (campaign.cost < 0) return fail(invalid_campaign("cost must not be negative.", "cost"));
  if (campaign.impressions < 0) {
    return fail(invalid_campaign("impressions must not be negative.", "impressions"));
  }
  if (campaign.clicks < 0) return fail(invalid_campaign("clicks must not be negative.", "clicks"));
  return true;
}

}  // namespace

Result<Campaign> create_campaign(db::Connection& c, const NewCampaign& input, Timestamp now) {
  Campaign campaign{.name = input.name,
                    .channel = input.channel,
                    .starts_on = input.starts_on,
                    .ends_on = input.ends_on,
                    .cost = input.cost,
                    .impressions = input.impressions,
                    .clicks = input.clicks,
                    .target_segment = input.target_segment,
                    .created_at = now};
  CW_TRY(validate(campaign));
  campaign.id = *c.scalar(
      "INSERT INTO campaigns (name, channel, starts_on, ends_on, cost, impressions, clicks, "
      "target_segment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      campaign.name, campaign.channel, format_date(campaign.starts_on),
      format_date(campaign.ends_on), campaign.cost, campaign.impressions, campaign.clicks,
      campaign.target_segment, to_unix(now));
  return campaign;
}

Result<Campaign> update_campaign(db::Connection& c, Id campaign_id, const CampaignPatch& patch) {
  CW_ASSIGN_OR_RETURN(Campaign campaign, get_campaign(c, campaign_id));
  if (patch.name) campaign.name = *patch.name;
  if (patch.channel) campaign.channel = *patch.channel;
  if (patch.starts_on) campaign.starts_on = *patch.starts_on;
  if (patch.ends_on) campaign.ends_on = *patch.ends_on;
  if (patch.cost) campaign.cost = *patch.cost;
  if (patch.impressions) campaign.impressions = *patch.impressions;
  if (patch.clicks) campaign.clicks = *patch.clicks;
  if (patch.target_segment) campaign.target_segment = *patch.target_segment;
  CW_TRY(validate(campaign));
  c.exec(
      "UPDATE campaigns SET name = ?, channel = ?, starts_on = ?, ends_on = ?, cost = ?, "
      "impressions = ?, clicks = ?, target_segment = ? WHERE id = ?",
      campaign.name, campaign.channel, format_date(campaign.starts_on),
      format_date(campaign.ends_on), campaign.cost, campaign.impressions, campaign.clicks,
      campaign.target_segment, campaign_id);
  return campaign;
}

Result<Campaign> get_campaign(db::Connection& c, Id campaign_id) {
  auto rows = c.query(std::string(kSelectCampaign) + " WHERE id = ?", campaign_id);
  if (!rows.next()) return fail(Error::not_found("campaign"));
  return read_campaign(rows);
}

std::vector<Campaign> list_campaigns(db::Connection& c) {
  std::vector<Campaign> out;
  auto rows = c.query(std::string(kSelectCampaign) + " ORDER BY id");
  while (rows.next()) out.push_back(read_campaign(rows));
  return out;
}

}  // namespace cw::promotions
