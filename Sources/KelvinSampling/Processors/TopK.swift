import KelvinCore

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
  /// The values `k` may take: 0 (off) to 2³¹ − 1.
  public static let kRange = 0...Int(Int32.max)
  /// Whether tokens tied with the k-th are kept too.
  public let keepsTies: Bool
  /// The fewest tokens to keep.
  public let minimumKeep: Int

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` when `k` is outside ``kRange`` or `minimumKeep < 1`.
  public init(_ k: Int, keepsTies: Bool = false, minimumKeep: Int = 1) throws {
    try Check.integer(k, in: Self.kRange, "top_k", "k")
    try Check.minimumKeep(minimumKeep, "top_k")
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
