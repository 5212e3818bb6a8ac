extension RandomNumberGenerator {
  /// Returns a standard normal draw, N(0, 1), by the Box–Muller transform from two uniforms.
  ///
  /// `√(−2 ln(1 − u₁)) · cos(2π u₂)` with `u₁, u₂` from ``nextUnitInterval()``: the cosine
  /// branch only, so every value costs exactly two draws and seeded streams stay aligned
  /// (the sine branch's value is not kept for a later call). `1 − u₁` lies in (0, 1], so the
  /// logarithm never sees 0. The same seed gives the same values on every platform whose C
  /// library's `log` and `cos` are correctly rounded at these arguments (glibc's are).
  ///
  /// - Complexity: O(1), two calls to `next()`.
  public mutating func nextStandardNormal() -> Double {
    let u1 = 1 - nextUnitInterval()
    let u2 = nextUnitInterval()
    return (-2 * Elementary.log(u1)).squareRoot() * Elementary.cos(2 * Double.pi * u2)
  }
}

/// Seeded logits drawn from N(0, σ²), the synthetic input of benchmarks and experiments.
///
/// Values come from one ``Xoshiro256StarStar`` stream, row after row, so the same seed and
/// size give the same numbers everywhere.
public struct GaussianLogits: Sendable {
  /// The standard deviation σ.
  public let standardDeviation: Double
  var generator: Xoshiro256StarStar

  /// Creates the stream.
  ///
  /// - Parameters:
  ///   - standardDeviation: σ, finite and > 0.
  ///   - seed: The generator's seed.
  /// - Precondition: σ is finite and > 0.
  public init(standardDeviation: Double, seed: UInt64) {
    precondition(standardDeviation.isFinite && standardDeviation > 0, "σ must be finite and > 0")
    self.standardDeviation = standardDeviation
    self.generator = Xoshiro256StarStar(seed: seed)
  }

  /// Fills `values` with the next draws.
  ///
  /// - Complexity: O(n).
  public mutating func fill<Element: BinaryFloatingPoint>(_ values: inout [Element]) {
    for index in values.indices {
      values[index] = Element(standardDeviation * generator.nextStandardNormal())
    }
  }

  /// The next `count` draws.
  ///
  /// - Complexity: O(n).
  public mutating func next<Element: BinaryFloatingPoint>(
    _ count: Int, as _: Element.Type = Element.self
  ) -> [Element] {
    var values = [Element](repeating: 0, count: count)
    fill(&values)
    return values
  }
}
