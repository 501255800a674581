#pragma once
// manifest.json: enough to reproduce and audit a report run (留痕) — every input file with its
// size and SHA-256, the layer and field mapping, detected encodings and CRS, every parameter and
// rule-pack value, tool and library versions, start and end time, and every output file.

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tudi/report/analyses.hpp"
#include "tudi/output/table.hpp"

namespace tudi::report {

/// The SHA-256 of a file's bytes, in lower-case hex. Throws tudi::Error naming the file.
std::string sha256_file(const std::filesystem::path& file);

/// The files a run read: the project file, every layer source (a Shapefile with its sidecars,
/// a TXT folder file by file), the projects and scenario files, rule packs and style files.
std::vector<std::filesystem::path> input_files(const Project& project, const Options& options);

/// "2026-11-22T09:30:12+08:00": the machine's time zone with its offset, Asia/Shanghai where the
/// machine keeps UTC and TZ names no zone.
std::string iso_time(std::chrono::system_clock::time_point t);
/// "2026年12月3日" in the same zone.
std::string chinese_date(std::chrono::system_clock::time_point t);
/// How an encoding was found (io's words, kept in manifest.json) for the Chinese run record.
std::string encoding_how_in_chinese(const std::string& how);

/// The manifest document as far as it is known before the outputs are final: inputs (hashed
/// here, once), layers, parameters, rule packs, versions and the start time. The PDF's
/// provenance page is drawn from it; close_manifest() then completes it.
nlohmann::json manifest(const Project& project, const Options& options, const Analyses& a,
                        std::chrono::system_clock::time_point start);

/// Adds the end time, the run's length and every output with its size and SHA-256.
void close_manifest(nlohmann::json& manifest, std::chrono::system_clock::time_point start,
                    std::chrono::system_clock::time_point end,
                    const std::vector<std::filesystem::path>& outputs);

/// The provenance the PDF's closing page shows: 项目, 内容 rows drawn from the manifest.
output::Table provenance_table(const nlohmann::json& manifest);

}  // namespace tudi::report
