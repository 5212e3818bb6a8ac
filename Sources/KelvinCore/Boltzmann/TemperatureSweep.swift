/// One temperature of a sweep: how sharp `softmax(z / τ)` is there.
public struct TemperatureSweepPoint: Sendable, Equatable {
  /// The temperature τ (0 and `.infinity` are the exact limits).
  public let temperature: Double
  /// The entropy of `softmax(z / τ)`, in nats.
  public let entropy: Double
  /// The largest probability of `softmax(z / τ)`.
  public let maximumProbability: Double

  /// Creates a sweep point.
  public init(temperature: Double, entropy: Double, maximumProbability: Double) {
    self.temperature = temperature
    self.entropy = entropy
    self.maximumProbability = maximumProbability
  }
}

/// Returns the entropy and the top probability of `softmax(logits / τ)` at each temperature.
///
/// Entropy rises monotonically with τ from `log k` (k tied maxima) at τ = 0 to `log n`
/// (n unmasked tokens) at τ = ∞, while the top probability falls from `1/k` to `1/n`.
///
/// - Parameters:
///   - logits: Logits: finite, or `-inf` for a masked token.
///   - temperatures: Temperatures τ ≥ 0, in any order.
/// - Returns: One point per temperature, in the order given.
/// - Throws: ``KelvinError`` for invalid logits or a negative or NaN temperature.
/// - Complexity: O(n · t) for n logits and t temperatures.
public func temperatureSweep<T: BinaryFloatingPoint>(logits: [T], temperatures: [Double]) throws
  -> [TemperatureSweepPoint]
{
  let wide = logits.map { Double($0) }
  return try temperatures.map { temperature in
    let probabilities = try wide.softmax(temperature: temperature)
    return TemperatureSweepPoint(
      temperature: temperature,
      entropy: try entropy(of: probabilities),
      maximumProbability: probabilities.max() ?? 0)
  }
}
