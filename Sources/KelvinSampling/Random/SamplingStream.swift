import KelvinCore

/// Counter-based random streams: the generator of sequence `s` at step `t` of a run seeded
/// with `seed` depends on `(seed, s, t)` only.
///
/// A batch of sequences therefore draws the same tokens as the same sequences run one at a
/// time, on any number of threads, in any order. Derivation, with `mix(x)` the first output of
/// ``SplitMix64`` started at `x`:
///
///     key = mix(mix(mix(seed) ^ s) ^ t)
///     generator = Xoshiro256StarStar(seed: key)
///
/// Within a step, draws come from that generator in the order the chain makes them (XTC's
/// trigger first, if present, then the final draw).
public enum SamplingStream {
  /// The generator for sequence `sequence` at step `step`.
  ///
  /// - Complexity: O(1).
  public static func generator(seed: UInt64, sequence: UInt64, step: UInt64)
    -> Xoshiro256StarStar
  {
    Xoshiro256StarStar(seed: mix(mix(mix(seed) ^ sequence) ^ step))
  }

  static func mix(_ value: UInt64) -> UInt64 {
    var splitMix = SplitMix64(seed: value)
    return splitMix.next()
  }
}
