import KelvinCore

/// `min_p(p)`: keeps tokens whose probability is at least `p` times the top probability.
///
/// As llama.cpp's and transformers' `min_p` (Nguyen and others, 2024).
/// Computed on logits without exponentials: `prob_i ≥ p · prob_max ⟺ z_i ≥ z_max + ln p`.
/// `p ≤ 0` changes nothing; `p > 1` keeps only the top token (lowest id among ties); `p = 1`
/// keeps the tokens tied at the maximum. Survivors keep their order.
public struct MinP: LogitsProcessor {
  /// The fraction of the top probability a token needs.
  public let p: Double
  /// The fewest tokens to keep.
  public let minimumKeep: Int

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for NaN `p` or `minimumKeep < 1`.
  public init(_ p: Double, minimumKeep: Int = 1) throws {
    guard !p.isNaN else {
      throw SamplingError.invalidParameter(
        processor: "min_p", parameter: "p", value: "nan", rule: "a number")
    }
    try Check.minimumKeep(minimumKeep, "min_p")
    self.p = p
    self.minimumKeep = minimumKeep
  }

  /// `min_p(p=…,min_keep=…)`.
  public var specification: String { "min_p(p=\(Check.format(p)),min_keep=\(minimumKeep))" }

  /// Keeps the tokens above the threshold.
  public func process(_ candidates: inout CandidateSet, context: inout SamplingContext) {
    guard p > 0, candidates.count > 0 else { return }
    let threshold = Double(candidates.maximumLogit) + SamplingMath.log(p)
    candidates.retainAtLeast(minimumKeep) { Double($0) >= threshold }
  }
}

extension CandidateSet {
  /// Keeps the candidates whose logit passes `test` (a test monotone in the logit: if a logit
  /// passes, every larger one does); when fewer than `minimum` pass, keeps the `minimum`
  /// highest instead.
  mutating func retainAtLeast(_ minimum: Int, where test: (Float) -> Bool) {
    var passing = 0
    for index in 0..<count where test(logits[index]) { passing += 1 }
    if passing >= minimum {
      if passing < count { retain { _, logit in test(logit) } }
    } else {
      keepHighest(minimum)
    }
  }
}
