import KelvinCore
import KelvinText

/// `min_p(p)`: keeps tokens whose probability is at least `p` times the top probability.
///
/// As llama.cpp's and transformers' `min_p` (Nguyen and others, 2024).
/// Computed on logits without exponentials: `prob_i ≥ p · prob_max ⟺ z_i ≥ z_max + ln p`.
/// `p = 0` changes nothing; `p = 1` keeps the tokens tied at the maximum. Survivors keep their order.
public struct MinP: LogitsProcessor {
  /// The fraction of the top probability a token needs.
  public let p: Double
  /// The fewest tokens to keep.
  public let minimumKeep: Int

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for `p` outside [0, 1] or `minimumKeep < 1`.
  public init(_ p: Double, minimumKeep: Int = Parameter.minimumKeep.defaultValue) throws {
    try Parameter.p.check(p)
    try Parameter.minimumKeep.check(minimumKeep)
    self.p = p
    self.minimumKeep = minimumKeep
  }

  /// `min_p(p=…,min_keep=…)`.
  public var specification: String { "min_p(p=\(Check.format(p)),min_keep=\(minimumKeep))" }

  /// `p = 0` keeps every token.
  public var isIdentity: Bool { p == 0 }

  /// Keeps the tokens above the threshold.
  public func process(_ candidates: inout CandidateSet, context: inout SamplingContext) {
    guard p > 0, candidates.count > 0 else { return }
    candidates.retainAtLeast(minimumKeep, threshold: threshold(maximum: candidates.maximumLogit))
  }

  /// The logit threshold `max + log p`: `p_i ≥ p · p_max` exactly when `z_i ≥ max + log p`,
  /// so no exponential is needed.
  func threshold(maximum: Float) -> Double { Double(maximum) + logOfP }

  /// `log p`, the offset of the threshold from the largest logit (the fused first pass adds it
  /// to the maximum as ``threshold(maximum:)`` does).
  var logOfP: Double { SamplingMath.log(p) }
}

extension CandidateSet {
  /// Keeps the candidates whose logit `z` satisfies `Double(z) ≥ threshold`; when fewer than
  /// `minimum` do, keeps the `minimum` highest instead.
  ///
  /// The comparison is made exactly in `Float` against the smallest `Float` not below the
  /// threshold, with a vectorised count and filter.
  mutating func retainAtLeast(_ minimum: Int, threshold: Double) {
    let bound = Self.smallestFloat(notBelow: threshold)
    let n = count
    let passing = logits.withUnsafeBufferPointer {
      FloatVectorKernels.count(atLeast: bound, in: UnsafeBufferPointer(rebasing: $0[0..<n]))
    }
    if passing >= minimum {
      if passing < count { retain(logitsAtLeast: bound) }
    } else {
      keepHighest(minimum)
    }
  }

  /// The smallest `Float` not below `threshold`, so that `z ≥ bound` in `Float` is exactly
  /// `Double(z) ≥ threshold`.
  static func smallestFloat(notBelow threshold: Double) -> Float {
    let bound = Float(threshold)
    return Double(bound) < threshold ? bound.nextUp : bound
  }
}

extension MinP {
  /// The parameters of `min_p`, declared once.
  public enum Parameter {
    /// `p`: [0, 1], 0 disables.
    public static let p = ProcessorParameter.number(
      "min_p", "p", .unitInterval, default: 0.05, note: "0 disables")
    /// `min_keep`: the fewest tokens to keep, at least 1.
    public static let minimumKeep = ProcessorParameter<Int>.minimumKeep("min_p")
  }

  /// `min_p` in the chain grammar.
  static let form = SpecificationForm<any LogitsProcessor>(
    "min_p", summary: "keep tokens with probability ≥ p · p_max",
    parameters: [Parameter.p.erased, Parameter.minimumKeep.erased]
  ) { try MinP($0[Parameter.p], minimumKeep: $0[Parameter.minimumKeep]) }
}
