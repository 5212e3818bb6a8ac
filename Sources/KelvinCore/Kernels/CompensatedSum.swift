/// A running sum in `Double` with Neumaier's compensation (the improved Kahan–Babuška sum).
///
/// The terms are added in the order given, so the result is reproducible: the same terms in
/// the same order give the same bits on every platform. The error of ``value`` is at most
/// about `2 · 2⁻⁵³ · Σ|xᵢ|` whatever the number of terms (a plain running sum's bound grows as
/// `n · 2⁻⁵³ · Σ|xᵢ|`); for the positive terms of a softmax that is 2 units in the last place
/// of the sum. Source: Neumaier, "Rundungsfehleranalyse einiger Verfahren zur Summation
/// endlicher Summen", ZAMM 54 (1974); Higham, *Accuracy and Stability of Numerical
/// Algorithms*, 2nd ed., §4.3.
@usableFromInline
package struct CompensatedSum: Sendable {
  @usableFromInline var sum = 0.0
  @usableFromInline var compensation = 0.0

  /// An empty sum.
  @inlinable package init() {}

  /// Adds `term`.
  @inlinable
  package mutating func add(_ term: Double) {
    let total = sum + term
    // The rounding error of `sum + term`, exactly, taken from the smaller operand.
    if Swift.abs(sum) >= Swift.abs(term) {
      compensation += (sum - total) + term
    } else {
      compensation += (term - total) + sum
    }
    sum = total
  }

  /// The compensated sum of the terms added so far.
  @inlinable package var value: Double { sum + compensation }
}
