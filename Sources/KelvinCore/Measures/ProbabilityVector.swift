/// Validation of probability vectors, shared by every measure.
public enum ProbabilityVector {
  /// How far the sum of a probability vector may be from 1: 1e-4, loose enough for `Float`
  /// vectors of a million entries written by another tool, tight enough to catch counts,
  /// logits or unnormalised weights passed by mistake.
  public static let sumTolerance = 1e-4

  /// Checks that `probabilities` is a probability vector.
  ///
  /// - Parameters:
  ///   - probabilities: The vector to check.
  ///   - field: The name used in error messages (`"p"`, `"q"`).
  /// - Throws: ``KelvinError/emptyInput(field:)``,
  ///   ``KelvinError/invalidProbability(field:index:value:)`` for an entry that is NaN,
  ///   infinite, negative or above `1 + sumTolerance`, and
  ///   ``KelvinError/probabilitiesNotNormalized(field:sum:tolerance:)``.
  /// - Complexity: O(n).
  @inlinable
  public static func validate<T: BinaryFloatingPoint>(_ probabilities: [T], field: String) throws {
    guard !probabilities.isEmpty else { throw KelvinError.emptyInput(field: field) }
    var sum = 0.0
    for (index, element) in probabilities.enumerated() {
      let value = Double(element)
      guard value.isFinite, value >= 0, value <= 1 + sumTolerance else {
        throw KelvinError.invalidProbability(field: field, index: index, value: value)
      }
      sum += value
    }
    guard abs(sum - 1) <= sumTolerance else {
      throw KelvinError.probabilitiesNotNormalized(
        field: field, sum: sum, tolerance: sumTolerance)
    }
  }

  /// Checks two probability vectors of the same length.
  @inlinable
  static func validatePair<T: BinaryFloatingPoint>(_ p: [T], _ q: [T]) throws {
    try validate(p, field: "p")
    try validate(q, field: "q")
    guard p.count == q.count else {
      throw KelvinError.lengthMismatch(
        first: "p", firstCount: p.count, second: "q", secondCount: q.count)
    }
  }
}
