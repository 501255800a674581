// Matching end to end on hand-built parcels: the assignment beats greedy, a 150 亩 project gets
// two adjacent 80 亩 parcels, a project nobody can serve gets a reason for every parcel, and
// the score is broken down by term.
#include <numeric>

#include "scene.hpp"

namespace tudi::test {
namespace {

using Ids = std::vector<std::string>;

TEST_F(MatchScene, OptimalAssignmentBeatsGreedy) {
  add(parcels, lot(0, 100), ready("A", "100103", "七通一平"));
  add(parcels, lot(1000, 100), ready("B", "100102", "三通一平"));
  auto p1 = project("P1");  // class 2: A or B, prefers A (七通一平)
  auto p2 = project("P2");  // class 3: only A
  p2.pollution = 3;
  p2.investment = 16000;  // little headroom: A is worth less to P2 than to P1
  const match::Result r = run({p1, p2});
  ASSERT_EQ(of(r, "P1").candidates.size(), 2u);
  EXPECT_EQ(of(r, "P1").candidates[0].parcel_ids, Ids{"A"});
  ASSERT_EQ(of(r, "P2").candidates.size(), 1u);
  EXPECT_GT(of(r, "P1").candidates[0].score, of(r, "P2").candidates[0].score);

  ASSERT_TRUE(of(r, "P1").assigned);
  ASSERT_TRUE(of(r, "P2").assigned);
  EXPECT_EQ(of(r, "P1").assigned->parcel_ids, Ids{"B"});
  EXPECT_EQ(of(r, "P1").assigned->rank, 2);
  EXPECT_EQ(of(r, "P2").assigned->parcel_ids, Ids{"A"});
  EXPECT_TRUE(r.assignment.optimal);
  EXPECT_EQ(r.assignment.assigned, 2);
  // Greedy would give A to P1 and leave P2 without land.
  EXPECT_NEAR(r.assignment.greedy_score, of(r, "P1").candidates[0].score, 1e-3);
  EXPECT_NEAR(r.assignment.total_score, of(r, "P1").assigned->score + of(r, "P2").assigned->score,
              1e-3);
  EXPECT_GT(r.assignment.total_score, r.assignment.greedy_score);
}

TEST_F(MatchScene, A150MuProjectGetsTwoAdjacent80MuParcels) {
  add(parcels, lot(0, 80), ready("X1"));
  add(parcels, lot(lot_width(80), 80), ready("X2"));  // shares X1's east edge
  add(parcels, lot(5000, 80), ready("X3"));           // alone
  const match::Result r = run({project("P", 150, 170)});
  const auto& p = of(r, "P");
  EXPECT_EQ(r.stats.adjacent_pairs, 1u);
  ASSERT_EQ(p.candidates.size(), 1u);
  EXPECT_EQ(p.candidates[0].parcel_ids, (Ids{"X1", "X2"}));
  EXPECT_NEAR(p.candidates[0].area_mu, 160, 1e-6);
  EXPECT_EQ(p.group_candidate_count, 1u);
  ASSERT_TRUE(p.assigned);
  EXPECT_EQ(p.assigned->parcel_ids, (Ids{"X1", "X2"}));
  // Merging costs the merge penalty (5 points for one extra parcel).
  const auto merge = std::find_if(p.assigned->terms.begin(), p.assigned->terms.end(),
                                  [](const match::Term& t) { return t.key == "merge"; });
  ASSERT_NE(merge, p.assigned->terms.end());
  EXPECT_DOUBLE_EQ(merge->points, -5.0);
  // Each 80 亩 parcel alone is too small, and says so.
  EXPECT_EQ(codes(r, "P", "X3"), Ids{"area_below_demand"});
}

TEST_F(MatchScene, GroupsAreOfferedOnlyWhenEveryMemberIsNeeded) {
  // Four 80 亩 parcels in a row: pairs (160) meet 150; a triple (240) would carry a parcel the
  // demand does not need.
  for (int i = 0; i < 4; ++i)
    add(parcels, lot(i * lot_width(80), 80), ready("R" + std::to_string(i)));
  auto p = project("P", 150, 250);
  p.investment = 60000;
  const match::Result r = run({p});
  EXPECT_EQ(r.stats.adjacent_pairs, 3u);
  EXPECT_EQ(of(r, "P").candidate_count, 3u);
  for (const auto& c : of(r, "P").candidates) EXPECT_EQ(c.parcel_ids.size(), 2u);
  // Three 60 亩 parcels make 180 for a 170–190 demand: a triple.
  parcels.features.clear();
  for (int i = 0; i < 3; ++i)
    add(parcels, lot(i * lot_width(60), 60), ready("S" + std::to_string(i)));
  const match::Result r3 = run({project("Q", 170, 190)});
  ASSERT_EQ(of(r3, "Q").candidates.size(), 1u);
  EXPECT_EQ(of(r3, "Q").candidates[0].parcel_ids, (Ids{"S0", "S1", "S2"}));
}

TEST_F(MatchScene, ParcelsTouchingAtACornerAreNotAdjacent) {
  add(parcels, box(0, 0, 400, 200), ready("C1"));      // 120 亩
  add(parcels, box(400, 200, 400, 200), ready("C2"));  // meets C1 at a point
  const match::Result r = run({project("P", 200, 260)});
  EXPECT_EQ(r.stats.adjacent_pairs, 0u);
  EXPECT_EQ(of(r, "P").candidate_count, 0u);
}

TEST_F(MatchScene, MergedGroupCompetesExactlyWithSingles) {
  // P wants 150 亩: only the group G = {Y1, Y2}. Q and S each fit one of them. Giving the group
  // to P blocks both; the assignment weighs that exactly.
  add(parcels, lot(0, 80), ready("Y1"));
  add(parcels, lot(lot_width(80), 80), ready("Y2"));
  auto q = project("Q", 70, 90);
  auto s = project("S", 70, 90);
  const match::Result r = run({project("P", 150, 170), q, s});
  EXPECT_TRUE(r.assignment.optimal);
  // Two single matches are worth more than one merged match.
  EXPECT_FALSE(of(r, "P").assigned);
  EXPECT_EQ(of(r, "P").unassigned_code, "taken_by_others");
  EXPECT_NE(of(r, "P").unassigned_reason.find("已分配给"), std::string::npos);
  ASSERT_TRUE(of(r, "Q").assigned);
  ASSERT_TRUE(of(r, "S").assigned);
  std::set<std::string> used;
  for (const auto& pr : r.projects)
    if (pr.assigned) {
      for (const auto& id : pr.assigned->parcel_ids) EXPECT_TRUE(used.insert(id).second) << id;
    }
}

TEST_F(MatchScene, AProjectNoParcelCanTakeHasAReasonForEveryParcel) {
  add(parcels, lot(0, 100), ready("N1", "100101"));  // class 1 land
  auto supplied = ready("N2", "100103");
  supplied["supply_date"] = "2019-01-01";
  supplied["supply_type"] = "出让";
  add(parcels, lot(1000, 100), supplied);  // already supplied
  auto unready = ready("N3", "100103");
  unready["title_clear"] = "否";
  add(parcels, lot(2000, 100), unready);               // title unclear
  add(parcels, lot(3000, 40), ready("N4", "100103"));  // too small
  auto p = project("P");
  p.pollution = 3;
  const match::Result r = run({p});
  const auto& pr = of(r, "P");
  EXPECT_EQ(pr.candidate_count, 0u);
  EXPECT_FALSE(pr.assigned);
  EXPECT_EQ(pr.unassigned_code, "no_candidate");
  EXPECT_TRUE(pr.rejected_complete);
  ASSERT_EQ(pr.rejected.size(), 4u);
  for (const auto& rj : pr.rejected) EXPECT_FALSE(rj.reasons.empty()) << rj.parcel_id;
  EXPECT_EQ(codes(r, "P", "N1"), Ids{"use_class"});
  EXPECT_EQ(codes(r, "P", "N2"), Ids{"supplied"});
  EXPECT_EQ(codes(r, "P", "N3"), Ids{"not_ready.title"});
  EXPECT_EQ(codes(r, "P", "N4"), Ids{"area_below_demand"});
  std::size_t counted = 0;
  for (const auto& [code, n] : pr.rejected_counts) counted += n;
  EXPECT_EQ(counted, 4u);
  EXPECT_NE(pr.unassigned_reason.find("没有地块通过全部硬性筛选"), std::string::npos);
}

TEST_F(MatchScene, ScoreIsTheSumOfItsTerms) {
  use_zones = true;
  add(zones, box(-100, -100, 3000, 400),
      {{"id", "GX"},
       {"name", "高新区"},
       {"lead_industries", "C39 计算机、通信和其他电子设备制造业"}});
  add(parcels, lot(0, 100), ready("T1", "100102", "七通一平"));
  auto firm = ready("F1");
  firm["supply_date"] = "2018-01-01";
  firm["supply_type"] = "出让";
  firm["industry"] = "C3976";
  add(parcels, lot(800, 50), firm);  // an electronics firm next door
  auto p = project("P", 100, 150);
  p.zone = "高新区";
  const match::Result r = run({p});
  ASSERT_EQ(of(r, "P").candidates.size(), 1u);
  const match::Candidate& c = of(r, "P").candidates[0];
  const double sum = std::accumulate(c.terms.begin(), c.terms.end(), 0.0,
                                     [](double s, const match::Term& t) { return s + t.points; });
  EXPECT_NEAR(c.score, sum, 1e-3);
  auto term = [&](const std::string& k) {
    for (const auto& t : c.terms)
      if (t.key == k) return t;
    throw std::runtime_error("no term " + k);
  };
  EXPECT_DOUBLE_EQ(term("base").points, 10);
  EXPECT_DOUBLE_EQ(term("lead_industry").points, 15);   // C3981 under C39
  EXPECT_DOUBLE_EQ(term("infrastructure").points, 10);  // 七通一平
  EXPECT_NEAR(term("cluster").points, 10.0 / 3, 1e-9);  // one firm of three for full points
  EXPECT_DOUBLE_EQ(term("zone_preference").points, 5);
  EXPECT_NEAR(term("investment").points, 15.0 * 1.0, 1e-6);  // 300 vs 150: +100 %, capped
  EXPECT_NEAR(term("tax").points, 15.0 * 1.0, 1e-6);         // 16 vs 8
  EXPECT_NEAR(term("far").points, 5.0 * 0.5, 1e-9);          // 1.5 in 1.0–2.0
  EXPECT_NEAR(term("energy").points, 5.0 * 0.8, 1e-9);       // 0.3 vs 0.5: 40 % below, cap 50 %
  EXPECT_NEAR(term("area_fit").points, 10.0, 1e-6);          // exactly the demand minimum
  EXPECT_NE(term("lead_industry").detail.find("高新区"), std::string::npos);
}

TEST_F(MatchScene, OversupplyIsPenalised) {
  add(parcels, lot(0, 100), ready("S100"));
  add(parcels, lot(2000, 150), ready("S150"));
  auto p = project("P", 100, 200);  // 30000 万元 justifies at most 200 亩 at 150 万元/亩
  const match::Result r = run({p});
  ASSERT_EQ(of(r, "P").candidates.size(), 2u);
  EXPECT_EQ(of(r, "P").candidates[0].parcel_ids, Ids{"S100"});
  ASSERT_TRUE(of(r, "P").max_justified_mu);
  EXPECT_DOUBLE_EQ(*of(r, "P").max_justified_mu, 200);
  for (const auto& c : of(r, "P").candidates)
    for (const auto& t : c.terms)
      if (t.key == "area_fit") {
        EXPECT_NEAR(t.points, c.parcel_ids[0] == "S100" ? 10.0 : 5.0, 1e-6) << t.detail;
      }
}

TEST_F(MatchScene, IndexSkipsPairsThatCannotPass) {
  // Many parcels of the wrong size: the index rules them out without evaluating them.
  for (int i = 0; i < 50; ++i) add(parcels, lot(i * 400.0, 10 + i), ready("S" + std::to_string(i)));
  add(parcels, lot(30000, 100), ready("FIT"));
  match_rules.params.explain_all_below = 10;  // a "large" layer
  match_rules.params.max_group_size = 1;
  const match::Result r = run({project("P")});
  EXPECT_EQ(r.stats.pairs, 51u);
  EXPECT_LT(r.stats.evaluated, 5u);
  EXPECT_EQ(r.stats.edges, 1u);
  EXPECT_EQ(of(r, "P").rejected_counts.at("area_below_demand"), 50u);
  EXPECT_FALSE(of(r, "P").rejected_complete);
}

}  // namespace
}  // namespace tudi::test
