import KelvinCore
import KelvinText

/// `top_k(k)`: keeps the `k` highest logits.
///
/// Exactly `k` tokens survive, ties at the boundary broken by lower token id (llama.cpp also
/// keeps exactly `k`, with no defined order among equal logits); with `keep_ties` every token
/// tied with the k-th survives too (as transformers'
/// `TopKLogitsWarper`, which masks only logits strictly below the k-th). `k = 0` or
/// `k ≥ count` changes nothing; `min_keep` raises `k`. Leaves the set sorted by logit.
public struct TopK: LogitsProcessor {
  /// The number of tokens to keep; 0 disables.
  public let k: Int
  /// Whether tokens tied with the k-th are kept too.
  public let keepsTies: Bool
  /// The fewest tokens to keep.
  public let minimumKeep: Int

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` when `k` is outside 0…2³¹ − 1 or `minimumKeep < 1`.
  public init(
    _ k: Int, keepsTies: Bool = Parameter.keepsTies.defaultValue,
    minimumKeep: Int = Parameter.minimumKeep.defaultValue
  ) throws {
    try Parameter.k.check(k)
    try Parameter.minimumKeep.check(minimumKeep)
    self.k = k
    self.keepsTies = keepsTies
    self.minimumKeep = minimumKeep
  }

  /// `top_k(k=…,…)`.
  public var specification: String {
    "top_k(k=\(k),keep_ties=\(keepsTies ? 1 : 0),min_keep=\(minimumKeep))"
  }

  /// `k = 0` keeps every token.
  public var isIdentity: Bool { k == 0 }

  /// Keeps the highest logits.
  public func process(_ candidates: inout CandidateSet, context: inout SamplingContext) {
    guard k > 0 else { return }
    let target = max(k, minimumKeep)
    guard target < candidates.count else { return }
    if keepsTies {
      candidates.sortByLogit()
      let boundary = candidates.logits[target - 1]
      var kept = target
      while kept < candidates.count, candidates.logits[kept] == boundary { kept += 1 }
      candidates.truncate(to: kept)
      return
    }
    candidates.keepHighest(target)
  }
}

extension TopK {
  /// The parameters of `top_k`, declared once.
  public enum Parameter {
    /// `k`: 0 (off) to 2³¹ − 1.
    public static let k = ProcessorParameter.integer(
      "top_k", "k", 0...Int(Int32.max), default: 40, note: "0 disables")
    /// `keep_ties`: keep the tokens tied with the k-th too.
    public static let keepsTies = ProcessorParameter.boolean("top_k", "keep_ties", default: false)
    /// `min_keep`: the fewest tokens to keep, at least 1.
    public static let minimumKeep = ProcessorParameter<Int>.minimumKeep("top_k")
  }

  /// `top_k` in the chain grammar.
  static let form = SpecificationForm<any LogitsProcessor>(
    "top_k",
    summary: "keep the k highest logits (ties by lower id; keep_ties=1 keeps ties with the k-th)",
    parameters: [Parameter.k.erased, Parameter.keepsTies.erased, Parameter.minimumKeep.erased]
  ) {
    try TopK(
      $0[Parameter.k], keepsTies: $0[Parameter.keepsTies], minimumKeep: $0[Parameter.minimumKeep])
  }
}
