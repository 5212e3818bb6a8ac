import KelvinCore

/// `typical_p(p)`: locally typical sampling.
///
/// As Meister and others (2022) define it.
/// With `H = -Σ q log q` the entropy of the candidates' distribution, tokens are ordered by
/// `|−log q_i − H|` ascending (ties by lower token id) and kept until their probabilities sum to
/// at least `p`, the crossing token included. `p = 1` changes nothing.
public struct TypicalP: LogitsProcessor {
  /// The probability mass to keep.
  public let p: Double
  /// The values `p` may take: [0, 1] (1 disables).
  public static let pRange = NumberRange.unitInterval
  /// The fewest tokens to keep.
  public let minimumKeep: Int

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for `p` outside ``pRange`` or `minimumKeep < 1`.
  public init(_ p: Double, minimumKeep: Int = 1) throws {
    try Check.number(p, in: Self.pRange, "typical_p", "p")
    try Check.minimumKeep(minimumKeep, "typical_p")
    self.p = p
    self.minimumKeep = minimumKeep
  }

  /// `typical_p(p=…,min_keep=…)`.
  public var specification: String { "typical_p(p=\(Check.format(p)),min_keep=\(minimumKeep))" }

  /// Keeps the locally typical tokens.
  public func process(_ candidates: inout CandidateSet, context: inout SamplingContext) {
    guard p < 1, candidates.count > 1 else { return }
    let probabilities = candidates.probabilities()
    var entropy = 0.0
    for probability in probabilities where probability > 0 {
      entropy -= probability * SamplingMath.log(probability)
    }
    var entries = (0..<candidates.count).map {
      index -> (token: Int32, logit: Float, score: Double, probability: Double) in
      let probability = probabilities[index]
      let surprise = probability > 0 ? -SamplingMath.log(probability) : .infinity
      return (
        candidates.tokens[index], candidates.logits[index], abs(surprise - entropy), probability
      )
    }
    entries.sort { $0.score < $1.score || ($0.score == $1.score && $0.token < $1.token) }
    var kept = entries.count
    var cumulative = 0.0
    for (index, entry) in entries.enumerated() {
      cumulative += entry.probability
      if cumulative >= p {
        kept = index + 1
        break
      }
    }
    kept = min(entries.count, max(kept, minimumKeep))
    for index in 0..<kept {
      candidates.tokens[index] = entries[index].token
      candidates.logits[index] = entries[index].logit
    }
    candidates.count = kept
    candidates.order = .unordered
  }
}
