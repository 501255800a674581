// libFuzzer target for the rule packs: the first byte chooses the pack (c check, s supply,
// l ledger, z zones, g standard land), the rest is its text. Each either loads into its
// settings or throws tudi::Error naming the file; anything else escaping is a finding.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "scratch.hpp"
#include "tudi/check/settings.hpp"
#include "tudi/core/error.hpp"
#include "tudi/ledger/ledger.hpp"
#include "tudi/match/settings.hpp"
#include "tudi/project/rules.hpp"
#include "tudi/supply/supply.hpp"
#include "tudi/zones/zones.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const char pick = static_cast<char>(data[0]);
  const char* text = reinterpret_cast<const char*>(data + 1);
  // One rules folder per pack, so one pack's garbage never stands in for another's.
  const std::filesystem::path dir = tudi::fuzz::scratch() / std::string(1, pick);
  std::filesystem::create_directories(dir);
  tudi::Project project;
  project.analysis.rules = dir;
  const auto write = [&](const char* name) {
    std::ofstream(dir / name, std::ios::binary | std::ios::trunc)
        .write(text, static_cast<std::streamsize>(size - 1));
  };
  try {
    switch (pick) {
      case 'c':
        write("check.toml");
        static_cast<void>(tudi::check::load_settings(tudi::load_rule_pack(project, "check")));
        break;
      case 's':
        write("supply.toml");
        static_cast<void>(tudi::supply::load_settings(project));
        break;
      case 'l':
        write("ledger.toml");
        static_cast<void>(tudi::ledger::load_settings(project));
        break;
      case 'z':
        // zones' settings include supply's: the bundled supply pack sits beside the fuzzed one.
        std::filesystem::copy_file(TUDI_RULES_DIR "/supply.toml", dir / "supply.toml",
                                   std::filesystem::copy_options::overwrite_existing);
        write("zones.toml");
        static_cast<void>(tudi::zones::load_settings(project));
        break;
      case 'g':
        write("standard_land.toml");
        static_cast<void>(tudi::match::load_settings(project, ""));
        break;
      default:
        break;
    }
  } catch (const tudi::Error&) {
  }
  return 0;
}
