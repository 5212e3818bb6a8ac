/// The unit of an information quantity.
public enum InformationUnit: Sendable, Equatable {
  /// Natural logarithm (the default throughout Kelvin, and the unit of `S / k`).
  case nats
  /// Base-2 logarithm: nats divided by ln 2.
  case bits

  /// Converts a value in nats to this unit.
  @inlinable
  public func fromNats(_ nats: Double) -> Double {
    switch self {
    case .nats: return nats
    case .bits: return nats / 0.693_147_180_559_945_309_417_232_121_458
    }
  }
}

/// Returns the Shannon entropy `H(p) = -Σ p_i log p_i` of a probability vector.
///
/// Zero probabilities contribute nothing (`0 log 0 = 0`, the limit). `H` lies in `[0, log n]`:
/// 0 for a one-hot vector, `log n` for the uniform one.
///
/// - Parameters:
///   - probabilities: A probability vector (entries in [0, 1], summing to 1 within
///     ``ProbabilityVector/sumTolerance``).
///   - unit: Nats (default) or bits.
/// - Throws: ``KelvinError`` when `probabilities` is not a probability vector.
/// - Complexity: O(n).
@inlinable
public func entropy<T: BinaryFloatingPoint>(of probabilities: [T], unit: InformationUnit = .nats)
  throws -> Double
{
  try ProbabilityVector.validate(probabilities, field: "p")
  var sum = 0.0
  for element in probabilities where element > 0 {
    let value = Double(element)
    sum -= value * Elementary.log(value)
  }
  // A sum of non-positive terms can round to -0; report it as +0.
  return unit.fromNats(max(0, sum))
}

/// Returns the perplexity `exp(H(p))` of a probability vector: the effective number of
/// equally likely choices, from 1 (one-hot) to n (uniform).
///
/// - Parameter probabilities: A probability vector.
/// - Throws: ``KelvinError`` when `probabilities` is not a probability vector.
/// - Complexity: O(n).
@inlinable
public func perplexity<T: BinaryFloatingPoint>(of probabilities: [T]) throws -> Double {
  Elementary.exp(try entropy(of: probabilities))
}
