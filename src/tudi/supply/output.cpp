// What every supply output shares, and writing them together.
#include "tudi/supply/output.hpp"

#include <fmt/format.h>

#include "tudi/io/writer.hpp"

namespace tudi::supply {

/// Sums over the zone summaries: every parcel sits in exactly one of them.
ZoneSummary grand_total(const Result& r) {
  ZoneSummary t;
  for (const ZoneSummary& z : r.zones) {
    t.parcels += z.parcels;
    t.parcel_area += z.parcel_area;
    for (std::size_t i = 0; i < 3; ++i) {
      t.readiness_count[i] += z.readiness_count[i];
      t.readiness_area[i] += z.readiness_area[i];
    }
    t.supplied_count += z.supplied_count;
    t.supplied_area += z.supplied_area;
    t.unused_count += z.unused_count;
    t.unused_area += z.unused_area;
    for (std::size_t i = 0; i < kIdleStates; ++i) {
      t.idle_count[i] += z.idle_count[i];
      t.idle_area[i] += z.idle_area[i];
    }
    t.idle_fee += z.idle_fee;
    t.inefficient_count += z.inefficient_count;
    t.inefficient_area += z.inefficient_area;
  }
  return t;
}

BatchSummary batch_total(const Result& r) {
  BatchSummary t;
  for (const BatchSummary& b : r.batches) {
    t.approved += b.approved;
    t.supplied += b.supplied;
    t.unsupplied += b.unsupplied;
    t.withdrawn += b.withdrawn;
  }
  return t;
}

std::string window_text(const SupplyRate& s) {
  const int years = full_years_between(add_days(s.window_start, -1), s.window_end);
  return fmt::format("近{}年平均供地率（{}，{} 至 {} 批准的批次，扣除撤回/核减）", years,
                     s.rolling ? "截至评价日滚动" : "评价年之前的完整年度", s.window_start.iso(),
                     s.window_end.iso());
}

std::vector<std::filesystem::path> write_outputs(const Result& r, const Layer& parcels,
                                                 const OutputOptions& o) {
  io::WriteOptions w;
  w.overwrite = o.overwrite;
  w.encoding = o.encoding;
  return output::write_outputs(o.dir, "supply", to_json(r).dump(2), to_tables(r),
                               to_layers(r, parcels), w);
}

}  // namespace tudi::supply
