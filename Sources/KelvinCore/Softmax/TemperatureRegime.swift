/// What a temperature τ does to logits z in `softmax(z / τ)`, with the two limits made exact.
///
/// - `τ = 0` is the limit τ → 0⁺: all probability goes to the maximal logits, shared equally
///   among them when several tie (one-hot when the maximum is unique).
/// - `0 < τ < ∞` divides the logits by τ.
/// - `τ = +∞` is the limit τ → ∞: every unmasked token (logit ≠ -inf) is equally likely.
///
/// Negative temperatures and NaN are rejected: a negative τ would turn the distribution upside
/// down, which no caller of a sampler means.
public enum TemperatureRegime: Sendable, Equatable {
  /// τ = 0: uniform over the maximal logits.
  case greedy
  /// 0 < τ < ∞: the logits are divided by the associated temperature.
  case scaled(Double)
  /// τ = +∞: uniform over the unmasked tokens.
  case uniform

  /// Classifies a temperature.
  ///
  /// - Parameter temperature: τ ≥ 0; `0` and `.infinity` are the exact limits.
  /// - Throws: ``KelvinError/invalidTemperature(_:)`` when τ is negative or NaN.
  @inlinable
  public init(temperature: Double) throws {
    if temperature.isNaN || temperature < 0 {
      throw KelvinError.invalidTemperature(temperature)
    }
    if temperature == 0 {
      self = .greedy
    } else if temperature == .infinity {
      self = .uniform
    } else {
      self = .scaled(temperature)
    }
  }
}
