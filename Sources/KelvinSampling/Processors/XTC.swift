import KelvinCore
import KelvinText

/// `xtc(probability, threshold)`: "exclude top choices" (llama.cpp's XTC sampler).
///
/// With the given probability — one uniform draw from the step's random stream, taken only
/// when `probability > 0`, `threshold ≤ 0.5` and at least two candidates exist — every token
/// whose probability is at least `threshold` is removed except the least probable of them.
/// Nothing changes when fewer than two tokens reach the threshold, or when the removal would
/// leave fewer than `min_keep` tokens. Leaves the set sorted by logit.
public struct XTC: LogitsProcessor {
  /// The chance that the processor acts at a step.
  public let probability: Double
  /// The probability a token needs to count as a "top choice".
  public let threshold: Double
  /// The fewest tokens to keep.
  public let minimumKeep: Int

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for a probability or threshold outside [0, 1], or
  ///   `minimumKeep < 1`.
  public init(
    probability: Double, threshold: Double, minimumKeep: Int = Parameter.minimumKeep.defaultValue
  ) throws {
    try Parameter.probability.check(probability)
    try Parameter.threshold.check(threshold)
    try Parameter.minimumKeep.check(minimumKeep)
    self.probability = probability
    self.threshold = threshold
    self.minimumKeep = minimumKeep
  }

  /// `xtc(probability=…,threshold=…,min_keep=…)`.
  public var specification: String {
    "xtc(probability=\(Check.format(probability)),threshold=\(Check.format(threshold)),min_keep=\(minimumKeep))"
  }

  /// A probability of 0, or a threshold above 0.5, never acts (and draws nothing).
  public var isIdentity: Bool { probability == 0 || threshold > 0.5 }

  /// Removes the top choices, with the configured probability.
  public func process(_ candidates: inout CandidateSet, context: inout SamplingContext) {
    guard probability > 0, threshold <= 0.5, candidates.count >= 2 else { return }
    let chance = context.random.nextUnitInterval()
    guard chance <= probability else { return }
    candidates.sortByLogit()
    let probabilities = candidates.probabilities()
    var lastAbove = -1
    for (index, value) in probabilities.enumerated() where value >= threshold {
      lastAbove = index
    }
    guard lastAbove > 0, candidates.count - lastAbove >= minimumKeep else { return }
    for index in lastAbove..<candidates.count {
      candidates.tokens[index - lastAbove] = candidates.tokens[index]
      candidates.logits[index - lastAbove] = candidates.logits[index]
    }
    candidates.count -= lastAbove
  }
}

extension XTC {
  /// The parameters of `xtc`, declared once.
  public enum Parameter {
    /// `probability`: [0, 1], the chance that a step removes the top choices.
    public static let probability = ProcessorParameter.number(
      "xtc", "probability", .unitInterval, default: 0.5)
    /// `threshold`: [0, 1], the probability a top choice needs; above 0.5 disables.
    public static let threshold = ProcessorParameter.number(
      "xtc", "threshold", .unitInterval, default: 0.1, note: "above 0.5 disables")
    /// `min_keep`: the fewest tokens to keep, at least 1.
    public static let minimumKeep = ProcessorParameter<Int>.minimumKeep("xtc")
  }

  /// `xtc` in the chain grammar.
  static let form = SpecificationForm<any LogitsProcessor>(
    "xtc",
    summary:
      "with the given probability, drop all top choices (p ≥ threshold) but the least likely",
    parameters: [
      Parameter.probability.erased, Parameter.threshold.erased, Parameter.minimumKeep.erased,
    ]
  ) {
    try XTC(
      probability: $0[Parameter.probability], threshold: $0[Parameter.threshold],
      minimumKeep: $0[Parameter.minimumKeep])
  }
}
