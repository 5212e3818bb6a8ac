/// An error caused by input that a caller or a user supplied.
///
/// Every case carries the offending value, and ``description`` is a one-line message that
/// names the field and the value, for example `temperature must be ≥ 0, got -1`. Programmer
/// mistakes inside the library (buffers of different lengths passed by Kelvin's own code)
/// are `precondition` failures instead.
public enum KelvinError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A temperature that is negative or NaN. Zero and `+infinity` are valid limits.
  case invalidTemperature(Double)
  /// A thermal energy `kT` that is not finite and strictly positive.
  case invalidThermalEnergy(Double)
  /// An input vector with no entries; `field` names it (`"logits"`, `"p"`, …).
  case emptyInput(field: String)
  /// A logit that is NaN or `+infinity`. (`-infinity` is valid: it masks the token.)
  case invalidLogit(index: Int, value: Double)
  /// Every logit is `-infinity`, so no token can be chosen.
  case everyLogitMasked(count: Int)
  /// An energy that is NaN or `-infinity`. (`+infinity` is valid: a forbidden state.)
  case invalidEnergy(index: Int, value: Double)
  /// Every energy is `+infinity`, so no state can be occupied.
  case everyStateForbidden(count: Int)
  /// Two vectors that must have the same length do not.
  case lengthMismatch(first: String, firstCount: Int, second: String, secondCount: Int)
  /// A probability that is NaN, infinite, negative or greater than one.
  case invalidProbability(field: String, index: Int, value: Double)
  /// A weight (an unnormalised probability) that is NaN, infinite or negative.
  case invalidWeight(field: String, index: Int, value: Double)
  /// A probability vector whose entries do not sum to one within the documented tolerance.
  case probabilitiesNotNormalized(field: String, sum: Double, tolerance: Double)

  /// A one-line message naming the field and the value.
  public var description: String {
    switch self {
    case .invalidTemperature(let value):
      return "temperature must be ≥ 0 (0 is greedy, inf is uniform), got \(format(value))"
    case .invalidThermalEnergy(let value):
      return "kT must be finite and > 0, got \(format(value))"
    case .emptyInput(let field):
      return "\(field) must not be empty"
    case .invalidLogit(let index, let value):
      return "logits[\(index)] is \(format(value)): a logit must be finite, or -inf to mask a token"
    case .everyLogitMasked(let count):
      return "all \(count) logits are -inf: at least one token must be unmasked"
    case .invalidEnergy(let index, let value):
      return
        "energies[\(index)] is \(format(value)): an energy must be finite, or inf for a forbidden state"
    case .everyStateForbidden(let count):
      return "all \(count) energies are inf: at least one state must be allowed"
    case .lengthMismatch(let first, let firstCount, let second, let secondCount):
      return "\(first) has \(firstCount) entries but \(second) has \(secondCount)"
    case .invalidProbability(let field, let index, let value):
      return "\(field)[\(index)] is \(format(value)): a probability must lie in [0, 1]"
    case .invalidWeight(let field, let index, let value):
      return "\(field)[\(index)] is \(format(value)): a weight must be finite and ≥ 0"
    case .probabilitiesNotNormalized(let field, let sum, let tolerance):
      return "\(field) sums to \(format(sum)), not 1 (tolerance \(format(tolerance)))"
    }
  }

  private func format(_ value: Double) -> String { NumberFormatting.shortest(value) }
}
