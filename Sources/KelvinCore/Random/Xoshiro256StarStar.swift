/// xoshiro256** 1.0 (Blackman and Vigna 2018), Kelvin's random number generator.
///
/// A 256-bit state, period 2²⁵⁶ − 1, passes BigCrush; about 1 ns per draw. The algorithm is
/// fixed and written here, so the same seed gives the same bits on every platform, in every
/// build configuration and with every Swift version — unlike the standard library's
/// `SystemRandomNumberGenerator` or its sampling helpers.
///
/// Seeding: ``init(seed:)`` fills the state with four consecutive outputs of ``SplitMix64``
/// started at the seed, as Vigna's reference recommends (an all-zero state cannot arise).
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Hashable {
  /// The four words of state, `(s0, s1, s2, s3)` in the reference's order.
  public var state: (UInt64, UInt64, UInt64, UInt64) { (s0, s1, s2, s3) }
  @usableFromInline var s0, s1, s2, s3: UInt64

  /// Creates a generator from a 64-bit seed, expanded by ``SplitMix64``.
  public init(seed: UInt64) {
    var expander = SplitMix64(seed: seed)
    (s0, s1, s2, s3) = (expander.next(), expander.next(), expander.next(), expander.next())
  }

  /// Creates a generator with the given state.
  ///
  /// - Precondition: The state is not all zero (the one state xoshiro cannot leave).
  public init(state: (UInt64, UInt64, UInt64, UInt64)) {
    precondition(
      state.0 | state.1 | state.2 | state.3 != 0, "xoshiro256** state must not be all zero")
    (s0, s1, s2, s3) = state
  }

  /// Returns the next 64 random bits.
  ///
  /// - Complexity: O(1).
  @inlinable
  public mutating func next() -> UInt64 {
    let result = rotateLeft(s1 &* 5, by: 7) &* 9
    let shifted = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= shifted
    s3 = rotateLeft(s3, by: 45)
    return result
  }

}

@inlinable
func rotateLeft(_ value: UInt64, by amount: UInt64) -> UInt64 {
  (value << amount) | (value >> (64 - amount))
}

extension RandomNumberGenerator {
  /// Returns a uniform double in [0, 1) from the top 53 bits of one draw:
  /// `Double(next() >> 11) * 2⁻⁵³`, so every result is a multiple of 2⁻⁵³.
  ///
  /// Kelvin's own formula, fixed so that seeded results never depend on the standard
  /// library's `Double.random(in:using:)`, whose method may change between versions.
  ///
  /// - Complexity: O(1), one call to `next()`.
  @inlinable
  public mutating func nextUnitInterval() -> Double {
    Double(next() >> 11) * 0x1p-53
  }
}
