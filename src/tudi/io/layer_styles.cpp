#include "tudi/io/layer_styles.hpp"

#include <gdal_priv.h>
#include <geos_c.h>
#include <ogrsf_frmts.h>
#include <proj.h>

#include <memory>

#include "tudi/core/error.hpp"
#include "tudi/io/reader.hpp"

namespace tudi::io {

void write_layer_styles(const std::filesystem::path& gpkg, const std::vector<LayerStyle>& styles) {
  gdal_init();
  const std::string where = gpkg.string();
  GDALDatasetUniquePtr ds(
      GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
  if (!ds) throw Error(where, std::string("cannot open for update: ") + CPLGetLastErrorMsg());
  for (int i = 0; i < ds->GetLayerCount(); ++i)
    if (EQUAL(ds->GetLayer(i)->GetName(), "layer_styles")) ds->DeleteLayer(i);

  // The same table QGIS's OGR provider creates (an attributes table with these columns), so
  // QGIS finds the styles and can add its own rows next to ours.
  CPLStringList lco;
  lco.SetNameValue("FID", "id");
  OGRLayer* layer = ds->CreateLayer("layer_styles", nullptr, wkbNone, lco.List());
  if (!layer) throw Error(where, std::string("cannot create layer_styles: ") + CPLGetLastErrorMsg());
  auto field = [&](const char* name, OGRFieldType type, OGRFieldSubType sub = OFSTNone,
                   int width = 0) {
    OGRFieldDefn fd(name, type);
    fd.SetSubType(sub);
    if (width) fd.SetWidth(width);
    if (layer->CreateField(&fd) != OGRERR_NONE)
      throw Error(where, std::string("cannot create layer_styles.") + name);
  };
  field("f_table_catalog", OFTString, OFSTNone, 256);
  field("f_table_schema", OFTString, OFSTNone, 256);
  field("f_table_name", OFTString, OFSTNone, 256);
  field("f_geometry_column", OFTString, OFSTNone, 256);
  field("styleName", OFTString, OFSTNone, 30);
  field("styleQML", OFTString);
  field("styleSLD", OFTString);
  field("useAsDefault", OFTInteger, OFSTBoolean);
  field("description", OFTString);
  field("owner", OFTString, OFSTNone, 30);
  field("ui", OFTString, OFSTNone, 30);
  field("update_time", OFTDateTime);

  ds->StartTransaction();
  for (const LayerStyle& s : styles) {
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    f->SetField("f_table_catalog", "");
    f->SetField("f_table_schema", "");
    f->SetField("f_table_name", s.table.c_str());
    f->SetField("f_geometry_column", s.geometry_column.c_str());
    f->SetField("styleName", s.name.c_str());
    f->SetField("styleQML", s.qml.c_str());
    f->SetField("styleSLD", "");
    f->SetField("useAsDefault", 1);
    f->SetField("description", s.description.c_str());
    f->SetField("owner", "tudi");
    f->SetFieldNull(f->GetFieldIndex("ui"));
    const time_t now = time(nullptr);
    struct tm utc {};
    gmtime_r(&now, &utc);
    f->SetField(f->GetFieldIndex("update_time"), utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                utc.tm_hour, utc.tm_min, static_cast<float>(utc.tm_sec), 100);
    if (layer->CreateFeature(f.get()) != OGRERR_NONE)
      throw Error(where, "cannot write the style of " + s.table + ": " + CPLGetLastErrorMsg());
  }
  if (ds->CommitTransaction() != OGRERR_NONE)
    throw Error(where, std::string("cannot write layer_styles: ") + CPLGetLastErrorMsg());
}

std::vector<std::pair<std::string, std::string>> library_versions() {
  // GEOS's version is asked here rather than through geom/: it is a string, not geometry.
  return {{"GDAL", GDALVersionInfo("RELEASE_NAME")},
          {"GEOS", GEOSversion()},
          {"PROJ", proj_info().version}};
}

}  // namespace tudi::io
