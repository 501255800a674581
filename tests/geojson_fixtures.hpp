#pragma once
// Small GeoJSON layers written by tests that run a check on files (tests/check, tests/cli): one
// farmland plot and one proposal over half of it, in EPSG:4526 (zone 38 with prefix).

#include <filesystem>
#include <fstream>
#include <string>

namespace tudi::test {

/// A farmland GeoJSON of one 100 m × 100 m plot at (38490000, 3907000), id F1 in JBNTTBBH,
/// its land class 0101 in the field `class_field`.
inline void write_farmland(const std::filesystem::path& file, const std::string& class_field) {
  std::ofstream(file) << R"({"type":"FeatureCollection",
    "crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4526"}},"features":[
    {"type":"Feature","properties":{"JBNTTBBH":"F1",")"
                      << class_field << R"(":"0101"},
     "geometry":{"type":"Polygon","coordinates":
      [[[38490000,3907000],[38490100,3907000],[38490100,3907100],[38490000,3907100],
        [38490000,3907000]]]}}]})";
}

/// One proposal, P1 甲项目 (工业), over the east half of write_farmland's plot.
inline void write_proposals(const std::filesystem::path& file) {
  std::ofstream(file) << R"({"type":"FeatureCollection",
    "crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4526"}},"features":[
    {"type":"Feature","properties":{"XMBH":"P1","XMMC":"甲项目","XMLB":"工业"},
     "geometry":{"type":"Polygon","coordinates":
      [[[38490050,3907000],[38490150,3907000],[38490150,3907100],[38490050,3907100],
        [38490050,3907000]]]}}]})";
}

}  // namespace tudi::test
