import KelvinCore
import KelvinText

/// `top_h(h)`: entropy-budget truncation, as transformers' `TopHLogitsWarper` defines it.
///
/// Takes the `min(100, n)` highest logits, renormalises them to `q`, and keeps them in order
/// while the running sum of `−q_i log q_i` stays within `h · H(q)`; the top token is always
/// kept. Everything outside the top 100 is removed. Leaves the set sorted by logit.
public struct TopH: LogitsProcessor {
  /// The fraction of the entropy to keep, in (0, 1].
  public let h: Double
  /// The fewest tokens to keep.
  public let minimumKeep: Int

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for `h` outside (0, 1] or `minimumKeep < 1`.
  public init(_ h: Double, minimumKeep: Int = Parameter.minimumKeep.defaultValue) throws {
    try Parameter.h.check(h)
    try Parameter.minimumKeep.check(minimumKeep)
    self.h = h
    self.minimumKeep = minimumKeep
  }

  /// `top_h(h=…,min_keep=…)`.
  public var specification: String { "top_h(h=\(Check.format(h)),min_keep=\(minimumKeep))" }

  /// Keeps the entropy budget's tokens.
  public func process(_ candidates: inout CandidateSet, context: inout SamplingContext) {
    guard candidates.count > 1 else { return }
    candidates.keepHighest(min(100, candidates.count))
    let probabilities = candidates.probabilities()
    var entropy = 0.0
    for q in probabilities where q > 0 { entropy -= q * SamplingMath.log(q) }
    let budget = entropy * h
    var cumulative = 0.0
    var kept = 0
    for q in probabilities {
      if q > 0 { cumulative -= q * SamplingMath.log(q) }
      if cumulative <= budget || kept == 0 { kept += 1 } else { break }
    }
    candidates.truncate(to: max(kept, minimumKeep))
  }
}

extension TopH {
  /// The parameters of `top_h`, declared once.
  public enum Parameter {
    /// `h`: (0, 1].
    public static let h = ProcessorParameter.number(
      "top_h", "h", NumberRange(lower: 0, includesLower: false, upper: 1, includesUpper: true),
      default: 0.4)
    /// `min_keep`: the fewest tokens to keep, at least 1.
    public static let minimumKeep = ProcessorParameter<Int>.minimumKeep("top_h")
  }

  /// `top_h` in the chain grammar.
  static let form = SpecificationForm<any LogitsProcessor>(
    "top_h", summary: "entropy-budget truncation over the top 100 (transformers' top_h)",
    parameters: [Parameter.h.erased, Parameter.minimumKeep.erased]
  ) { try TopH($0[Parameter.h], minimumKeep: $0[Parameter.minimumKeep]) }
}
