#pragma once
// The one error type the library throws at users: it always names what it concerns.

#include <stdexcept>
#include <string>

namespace tudi {

/// An error the user can act on. `where` names the file, and the line or feature when known
/// ("parcels.shp: feature 17", "J1.txt:12"); the message reads "where: what" on one line.
class Error : public std::runtime_error {
 public:
  Error(std::string where, const std::string& what)
      : std::runtime_error(where.empty() ? what : where + ": " + what), where_(std::move(where)) {}
  const std::string& where() const noexcept { return where_; }

 private:
  std::string where_;
};

/// A mistake in how the tool was called (unknown option, missing role): exit code 2.
class UsageError : public Error {
 public:
  using Error::Error;
};

}  // namespace tudi
