// The demo county (gis-data/demo, made by `tudi synth`): every status and every readiness
// reason occurs at least once, and the numbers add up.
#include <gtest/gtest.h>

#include <set>

#include "test_config.hpp"
#include "tudi/project/project.hpp"
#include "tudi/supply/supply.hpp"

namespace fs = std::filesystem;

namespace tudi::supply {
namespace {

const std::vector<std::string> kReasons = {
    "expropriation", "title",   "infrastructure", "planning_conditions", "use",
    "farmland",      "redline", "outside_urban",  "outside_zone"};

class Demo : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const fs::path toml = test::kDemoDir / "tudi.toml";
    if (!fs::exists(toml)) return;
    const Project p = load_project(toml);
    settings = new Settings(load_settings(p));
    layers = new ProjectLayers(load_layers(p, kRoles));
    result = new Result(analyse(inputs_from(*layers), *settings));
  }
  static void TearDownTestSuite() {
    delete result;
    delete layers;
    delete settings;
    result = nullptr;
    layers = nullptr;
    settings = nullptr;
  }
  void SetUp() override {
    if (!result) GTEST_SKIP() << "gis-data/demo/tudi.toml is absent: run `tudi synth` first";
  }
  static Settings* settings;
  static ProjectLayers* layers;
  static Result* result;
};
Settings* Demo::settings = nullptr;
ProjectLayers* Demo::layers = nullptr;
Result* Demo::result = nullptr;

TEST_F(Demo, EveryLayerIsThere) {
  EXPECT_TRUE(result->not_checked.empty()) << "the demo should configure every supply role";
  EXPECT_FALSE(result->batches.empty());
}

TEST_F(Demo, EveryIdleStatusOccurs) {
  std::set<std::string> seen;
  for (const ParcelStatus& p : result->parcels)
    if (p.idle) seen.insert(code(p.idle->state));
  std::string missing;
  for (IdleState s :
       {IdleState::idle_2y, IdleState::idle_1y, IdleState::idle_suspended,
        IdleState::government_cause, IdleState::warning, IdleState::in_use, IdleState::unknown})
    if (!seen.count(code(s))) missing += std::string(" ") + code(s);
  EXPECT_EQ(missing, "") << "idle statuses absent from the demo";
}

TEST_F(Demo, EveryReadinessLevelAndReasonOccurs) {
  std::set<std::string> levels, reasons;
  for (const ParcelStatus& p : result->parcels) {
    if (!p.readiness) continue;
    levels.insert(code(p.readiness->level));
    for (const Finding& f : p.readiness->missing) reasons.insert(f.code);
  }
  std::string missing;
  for (ReadinessLevel l :
       {ReadinessLevel::ready, ReadinessLevel::standard, ReadinessLevel::not_ready})
    if (!levels.count(code(l))) missing += std::string(" ") + code(l);
  for (const std::string& r : kReasons)
    if (!reasons.count(r)) missing += " " + r;
  EXPECT_EQ(missing, "") << "readiness levels or reasons absent from the demo";
}

TEST_F(Demo, BadInputAndInefficiencyOccur) {
  std::set<std::string> codes;
  bool unknown_quotes_raw = false, fee = false;
  for (const ParcelStatus& p : result->parcels) {
    for (const Finding& f : p.inconsistent) codes.insert(f.code);
    for (const InefficiencyFlag& f : p.inefficient) codes.insert("inefficient:" + f.code);
    if (p.idle && p.idle->state == IdleState::unknown &&
        p.idle->text.find("“") != std::string::npos)
      unknown_quotes_raw = true;
    if (p.idle && p.idle->fee) fee = true;
  }
  std::string missing;
  for (const char* c : {"developed_share_over_100", "start_before_supply", "inefficient:far",
                        "inefficient:tax_per_mu", "inefficient:building_coefficient"})
    if (!codes.count(c)) missing += std::string(" ") + c;
  if (!unknown_quotes_raw) missing += " unknown-with-unreadable-date";
  if (!fee) missing += " idle-fee-with-land-price";
  EXPECT_EQ(missing, "") << "cases absent from the demo";
}

TEST_F(Demo, NumbersAddUp) {
  // Every parcel sits in exactly one zone entry; the entries sum to the parcels.
  int parcels = 0;
  units::Area area;
  for (const ZoneSummary& z : result->zones) {
    int count = 0, supplied = 0, ineff = 0;
    units::Area zarea, idle_area;
    std::array<int, 3> levels{};
    std::array<int, kIdleStates> idle{};
    double fee = 0;
    for (const ParcelStatus& p : result->parcels) {
      if (p.zone != z.id) continue;
      ++count;
      zarea += p.area;
      supplied += p.supplied;
      ineff += !p.inefficient.empty();
      if (p.readiness) ++levels[static_cast<std::size_t>(p.readiness->level)];
      if (p.idle) {
        ++idle[static_cast<std::size_t>(p.idle->state)];
        if (p.idle->fee) fee += *p.idle->fee;
      }
    }
    EXPECT_EQ(z.parcels, count) << z.id;
    EXPECT_NEAR(z.parcel_area.ellipsoidal_m2, zarea.ellipsoidal_m2,
                1e-6 * (1 + zarea.ellipsoidal_m2))
        << z.id;
    EXPECT_EQ(z.supplied_count, supplied) << z.id;
    EXPECT_EQ(z.inefficient_count, ineff) << z.id;
    EXPECT_EQ(z.readiness_count, levels) << z.id;
    EXPECT_EQ(z.idle_count, idle) << z.id;
    EXPECT_NEAR(z.idle_fee, fee, 1e-6) << z.id;
    EXPECT_NEAR(z.approved.planar_m2,
                z.approved_supplied.planar_m2 + z.approved_unsupplied.planar_m2,
                1e-3 + 1e-7 * z.approved.planar_m2)
        << z.id;
    parcels += z.parcels;
    area += z.parcel_area;
  }
  EXPECT_EQ(parcels, static_cast<int>(result->parcels.size()));

  units::Area approved, by_zone;
  for (const BatchSummary& b : result->batches) {
    EXPECT_NEAR(b.approved.planar_m2,
                b.supplied.planar_m2 + b.unsupplied.planar_m2 + b.withdrawn.planar_m2,
                1e-3 + 1e-7 * b.approved.planar_m2)
        << b.id;
    EXPECT_NEAR(b.counted.ellipsoidal_m2, b.supplied.ellipsoidal_m2 + b.unsupplied.ellipsoidal_m2,
                1e-6)
        << b.id;
    EXPECT_GE(b.supply_rate, 0);
    EXPECT_LE(b.supply_rate, 1 + 1e-9);
    approved += b.approved;
  }
  for (const ZoneSummary& z : result->zones) by_zone += z.approved;
  // Zones may overlap each other only by digitising noise: the zone split adds up.
  EXPECT_NEAR(by_zone.planar_m2, approved.planar_m2, 1 + 1e-6 * approved.planar_m2);
  ASSERT_TRUE(result->supply_rate);
  EXPECT_GT(result->supply_rate->batches, 0);
}

// The figures gis-data/README.md gives, recomputed there from the layers by DOMAIN §7.
TEST_F(Demo, TheFiguresTheReadmeGives) {
  ASSERT_TRUE(result->supply_rate);
  const SupplyRate& r = *result->supply_rate;
  EXPECT_EQ(r.window_start.iso(), "2021-01-01");
  EXPECT_EQ(r.window_end.iso(), "2025-12-31");
  EXPECT_EQ(r.batches, 5);
  EXPECT_NEAR(r.withdrawn.ellipsoidal_m2, 50000, 1e-6);  // PC2023-01 核减 5 ha
  EXPECT_NEAR(r.approved.ellipsoidal_m2 / 10000, 256.83, 0.01);
  EXPECT_NEAR(r.supplied.ellipsoidal_m2 / 10000, 177.53, 0.01);
  EXPECT_NEAR(r.rate * 100, 69.12, 0.005);
  EXPECT_TRUE(r.meets);

  // 供而未用: every supplied parcel not started, whatever its idle state.
  std::vector<std::string> unused;
  int inefficient = 0;
  double inefficient_mu = 0;
  for (const ParcelStatus& p : result->parcels) {
    if (p.unused) unused.push_back(p.id);
    if (!p.inefficient.empty()) {
      ++inefficient;
      inefficient_mu += p.area.ellipsoidal_mu();
    }
  }
  EXPECT_EQ(unused, (std::vector<std::string>{"JK-29", "JK-30", "JK-33", "JK-34", "JK-38", "JK-39",
                                              "JK-40", "JK-41", "JK-42", "JK-44", "LL-14"}));
  EXPECT_EQ(inefficient, 9);
  EXPECT_NEAR(inefficient_mu, 1089.63, 0.005);
}

}  // namespace
}  // namespace tudi::supply
