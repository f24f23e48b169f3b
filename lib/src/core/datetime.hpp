#pragma once
// Calendar arithmetic for attribute dates (proleptic Gregorian, UTC, seconds since 1970-01-01).
#include <cstdint>
#include <optional>
#include <string_view>

namespace watchmap::detail {

struct CivilTime {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0;
  double second = 0.0;
  int tz_minutes = 0;  ///< offset east of UTC
};

/// Seconds since the epoch for a civil time (its offset applied).
int64_t to_epoch_seconds(const CivilTime& t);
/// The UTC civil time of `seconds` since the epoch.
CivilTime from_epoch_seconds(int64_t seconds);

/// Parses "YYYY-MM-DD", "YYYY/MM/DD", optionally followed by "T" or " " and "HH:MM[:SS[.fff]]"
/// and "Z" or "+HH[:MM]"/"-HH[:MM]". Returns nullopt when the text is not such a date.
std::optional<int64_t> parse_datetime(std::string_view text);

}  // namespace watchmap::detail
