#include "tudi/io/ogr.hpp"

#include <cmath>
#include <cstdio>

namespace tudi::io {

Value field_value(OGRFeature& f, int i, FieldType t) {
  if (!f.IsFieldSetAndNotNull(i)) return {};
  switch (t) {
    case FieldType::Integer:
      return static_cast<std::int64_t>(f.GetFieldAsInteger64(i));
    case FieldType::Real:
      return f.GetFieldAsDouble(i);
    case FieldType::Date: {
      int y = 0, m = 0, d = 0, hh = 0, mm = 0, tz = 0;
      float ss = 0;
      f.GetFieldAsDateTime(i, &y, &m, &d, &hh, &mm, &ss, &tz);
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
      return std::string(buf);
    }
    case FieldType::String:
      return std::string(f.GetFieldAsString(i));
  }
  return {};
}

bool finite(const OGREnvelope& e) {
  return std::isfinite(e.MinX) && std::isfinite(e.MinY) && std::isfinite(e.MaxX) &&
         std::isfinite(e.MaxY);
}

}  // namespace tudi::io
