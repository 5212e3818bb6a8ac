/// `top_p(p)`: nucleus sampling.
///
/// As Holtzman and others (2020) define it.
/// Keeps the smallest set of highest-probability tokens whose probabilities sum to at least
/// `p`, the token that crosses `p` included; tokens of equal probability are taken in order of
/// lower token id. `p ≥ 1` changes nothing; `p ≤ 0` keeps the top token. The sum is accumulated
/// in `Double`. Leaves the set sorted by logit.
public struct TopP: LogitsProcessor {
  /// The probability mass to keep.
  public let p: Double
  /// The fewest tokens to keep.
  public let minimumKeep: Int

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for NaN `p` or `minimumKeep < 1`.
  public init(_ p: Double, minimumKeep: Int = 1) throws {
    guard !p.isNaN else {
      throw SamplingError.invalidParameter(
        processor: "top_p", parameter: "p", value: "nan", rule: "a number")
    }
    try Check.minimumKeep(minimumKeep, "top_p")
    self.p = p
    self.minimumKeep = minimumKeep
  }

  /// `top_p(p=…,min_keep=…)`.
  public var specification: String { "top_p(p=\(Check.format(p)),min_keep=\(minimumKeep))" }

  /// Keeps the nucleus.
  public func process(_ candidates: inout CandidateSet, context: inout SamplingContext) {
    guard p < 1, candidates.count > 1 else { return }
    candidates.sortByLogit()
    let probabilities = candidates.probabilities()
    var kept = candidates.count
    var cumulative = 0.0
    for (index, probability) in probabilities.enumerated() {
      cumulative += probability
      if cumulative >= p {
        kept = index + 1
        break
      }
    }
    candidates.truncate(to: max(kept, minimumKeep))
  }
}
