import KelvinCore
import KelvinText

/// `typical_p(p)`: locally typical sampling.
///
/// As Meister and others (2022) define it.
/// With `H = -Σ q log q` the entropy of the candidates' distribution, tokens are ordered by
/// `|−log q_i − H|` ascending (ties by lower token id) and kept until their probabilities sum to
/// at least `p`, the crossing token included, and at least `min_keep`. `p = 1` changes nothing.
///
/// Ties: by default exactly that many tokens stay (as llama.cpp, which differs only in
/// stopping when the sum exceeds `p`, not when it reaches it). With `keep_ties`, every token
/// whose score equals the crossing token's stays too, as transformers' `TypicalLogitsWarper`,
/// which removes only scores strictly above it: on `[1, 1, 1, 1]` at `p = 0.5` that keeps all
/// four where the default keeps tokens 0 and 1.
public struct TypicalP: LogitsProcessor {
  /// The probability mass to keep.
  public let p: Double
  /// Whether tokens whose score ties with the crossing token's stay too.
  public let keepsTies: Bool
  /// The fewest tokens to keep.
  public let minimumKeep: Int

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for `p` outside [0, 1] or `minimumKeep < 1`.
  public init(
    _ p: Double, keepsTies: Bool = Parameter.keepsTies.defaultValue,
    minimumKeep: Int = Parameter.minimumKeep.defaultValue
  ) throws {
    try Parameter.p.check(p)
    try Parameter.minimumKeep.check(minimumKeep)
    self.p = p
    self.keepsTies = keepsTies
    self.minimumKeep = minimumKeep
  }

  /// `typical_p(p=…,keep_ties=…,min_keep=…)`.
  public var specification: String {
    "typical_p(p=\(Check.format(p)),keep_ties=\(keepsTies ? 1 : 0),min_keep=\(minimumKeep))"
  }

  /// `p = 1` keeps every token.
  public var isIdentity: Bool { p == 1 }

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
    if keepsTies {
      let crossing = entries[kept - 1].score
      while kept < entries.count, entries[kept].score == crossing { kept += 1 }
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

extension TypicalP {
  /// The parameters of `typical_p`, declared once.
  public enum Parameter {
    /// `p`: [0, 1], 1 disables.
    public static let p = ProcessorParameter.number(
      "typical_p", "p", .unitInterval, default: 1, note: "1 disables")
    /// `keep_ties`: keep the tokens whose score ties with the crossing token.
    public static let keepsTies = ProcessorParameter.boolean(
      "typical_p", "keep_ties", default: false)
    /// `min_keep`: the fewest tokens to keep, at least 1.
    public static let minimumKeep = ProcessorParameter<Int>.minimumKeep("typical_p")
  }

  /// `typical_p` in the chain grammar.
  static let form = SpecificationForm<any LogitsProcessor>(
    "typical_p",
    summary:
      "locally typical sampling: keep tokens closest to the entropy until mass p (keep_ties=1 keeps ties with the crossing token)",
    parameters: [Parameter.p.erased, Parameter.keepsTies.erased, Parameter.minimumKeep.erased]
  ) {
    try TypicalP(
      $0[Parameter.p], keepsTies: $0[Parameter.keepsTies], minimumKeep: $0[Parameter.minimumKeep])
  }
}
