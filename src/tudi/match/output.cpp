// Writing match.json, match.xlsx and match.gpkg together.
#include "tudi/match/output.hpp"

#include "tudi/io/writer.hpp"

namespace tudi::match {

std::vector<std::filesystem::path> write_outputs(const Result& r, const Layer& parcels,
                                                 const OutputOptions& o) {
  io::WriteOptions w;
  w.overwrite = o.overwrite;
  return output::write_outputs(o.dir, "match", to_json(r).dump(2), to_tables(r),
                               to_layers(r, parcels), w);
}

}  // namespace tudi::match
