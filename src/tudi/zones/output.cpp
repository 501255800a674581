// The labels every zones output shares, and writing the outputs together.
#include "tudi/zones/output.hpp"

#include "tudi/io/writer.hpp"

namespace tudi::zones {

const char* kind_label(std::string_view kind) {
  if (kind == "outside_urban") return "城镇开发边界外";
  if (kind == "farmland") return "永久基本农田";
  if (kind == "redline") return "生态保护红线";
  if (kind == "unsupplied_approved") return "批而未供";
  if (kind == "idle") return "闲置土地";
  return "其他";
}

const char* severity_label(std::string_view severity) {
  if (severity == "blocking") return "禁止";
  if (severity == "stock") return "存量优先";
  return "提示";
}

std::string ops_text(const std::vector<Step::Op>& ops) {
  std::string out;
  for (Step::Op op : ops) {
    const std::string l = label(op);
    if (out.find(l) == std::string::npos) out += (out.empty() ? "" : "、") + l;
  }
  return out.empty() ? "未调整" : out;
}

std::vector<std::filesystem::path> write_outputs(const Result& r, const OutputOptions& o) {
  io::WriteOptions w;
  w.overwrite = o.overwrite;
  return output::write_outputs(o.dir, "zones", to_json(r).dump(2), to_tables(r), to_layers(r), w);
}

}  // namespace tudi::zones
