/// SplitMix64 (Steele, Lea and Flood 2014; Vigna's public-domain C reference), a 64-bit
/// generator with a single word of state.
///
/// Kelvin uses it to expand a 64-bit seed into the 256-bit state of
/// ``Xoshiro256StarStar``, as Vigna recommends; it is a fine generator on its own as well.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
  /// The current state: the seed advanced by the golden-ratio increment once per draw.
  public var state: UInt64 { word }
  @usableFromInline var word: UInt64

  /// Creates a generator whose first output is derived from `seed`.
  public init(seed: UInt64) { word = seed }

  /// Returns the next 64 random bits.
  ///
  /// - Complexity: O(1).
  @inlinable
  public mutating func next() -> UInt64 {
    word &+= 0x9E37_79B9_7F4A_7C15
    var z = word
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
