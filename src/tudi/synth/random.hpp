#pragma once
// Deterministic random numbers for the generator. The bits come from std::mt19937_64, whose
// output the standard fixes; the distributions are our own, because std's differ between
// standard libraries and a seed must give the same county everywhere.

#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

namespace tudi::synth {

/// A seeded random stream with portable distributions (no libm calls, so no platform drift).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : seed_(seed), engine_(seed) {}

  std::uint64_t bits() { return engine_(); }
  /// Uniform in [0, 1), 53 random bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  /// Uniform integer in [lo, hi], unbiased (rejection sampling).
  std::int64_t integer(std::int64_t lo, std::int64_t hi);
  bool chance(double p) { return uniform() < p; }
  /// Approximately normal (Irwin–Hall: sum of 12 uniforms), clipped to ±6 sd by construction.
  double normal(double mean, double sd);
  /// An index drawn with the given (non-negative) weights.
  std::size_t weighted(std::span<const double> weights);

  template <class T>
  const T& pick(std::span<const T> items) {
    return items[static_cast<std::size_t>(integer(0, static_cast<std::int64_t>(items.size()) - 1))];
  }
  template <class T>
  const T& pick(const std::vector<T>& items) {
    return pick(std::span<const T>(items));
  }

  /// An independent stream for one part of the generator, so that drawing more numbers in one
  /// layer never shifts another layer's numbers.
  Rng fork(std::uint64_t salt) const { return Rng(mix(seed_ ^ mix(salt))); }

  /// SplitMix64 finaliser: spreads a 64-bit value over all bits.
  static std::uint64_t mix(std::uint64_t x);

 private:
  std::uint64_t seed_;
  std::mt19937_64 engine_;
};

}  // namespace tudi::synth
