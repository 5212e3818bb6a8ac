import KelvinCore
import KelvinText

/// `epsilon(e)`: keeps tokens with probability ≥ `e`.
///
/// Truncation sampling with an absolute threshold (Hewitt and others, 2022), as transformers'
/// `EpsilonLogitsWarper`, including its `min_keep` rule: when fewer tokens pass, every token
/// whose logit reaches the `min_keep`-th largest stays (ties with it included).
/// `e ≤ 0` changes nothing. Survivors keep their order.
public struct Epsilon: LogitsProcessor {
  /// The probability threshold.
  public let epsilon: Double
  /// The fewest tokens to keep.
  public let minimumKeep: Int

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for `e` outside [0, 1) or `minimumKeep < 1`.
  public init(_ epsilon: Double, minimumKeep: Int = Parameter.minimumKeep.defaultValue) throws {
    try Parameter.e.check(epsilon)
    try Parameter.minimumKeep.check(minimumKeep)
    self.epsilon = epsilon
    self.minimumKeep = minimumKeep
  }

  /// `epsilon(e=…,min_keep=…)`.
  public var specification: String { "epsilon(e=\(Check.format(epsilon)),min_keep=\(minimumKeep))" }

  /// `e = 0` keeps every token.
  public var isIdentity: Bool { epsilon == 0 }

  /// Keeps the tokens at or above the threshold.
  public func process(_ candidates: inout CandidateSet, context: inout SamplingContext) {
    guard epsilon > 0 else { return }
    candidates.retainProbabilityAtLeast(epsilon, minimumKeep: minimumKeep)
  }
}

/// `eta(e)`: keeps tokens with probability ≥ `min(e, √e · exp(−H))`.
///
/// Truncation with an entropy-dependent threshold (Hewitt and others, 2022), as transformers'
/// `EtaLogitsWarper`; `H` is the entropy of the candidates' distribution in nats. `min_keep`
/// keeps ties with the `min_keep`-th largest logit, as for ``Epsilon``.
/// `e ≤ 0` changes nothing. Survivors keep their order.
public struct Eta: LogitsProcessor {
  /// The base threshold.
  public let epsilon: Double
  /// The fewest tokens to keep.
  public let minimumKeep: Int

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for `e` outside [0, 1) or `minimumKeep < 1`.
  public init(_ epsilon: Double, minimumKeep: Int = Parameter.minimumKeep.defaultValue) throws {
    try Parameter.e.check(epsilon)
    try Parameter.minimumKeep.check(minimumKeep)
    self.epsilon = epsilon
    self.minimumKeep = minimumKeep
  }

  /// `eta(e=…,min_keep=…)`.
  public var specification: String { "eta(e=\(Check.format(epsilon)),min_keep=\(minimumKeep))" }

  /// `e = 0` keeps every token.
  public var isIdentity: Bool { epsilon == 0 }

  /// Keeps the tokens at or above the entropy-scaled threshold.
  public func process(_ candidates: inout CandidateSet, context: inout SamplingContext) {
    guard epsilon > 0, candidates.count > 0 else { return }
    var entropy = 0.0
    for probability in candidates.probabilities() where probability > 0 {
      entropy -= probability * SamplingMath.log(probability)
    }
    let threshold = min(epsilon, epsilon.squareRoot() * SamplingMath.exp(-entropy))
    candidates.retainProbabilityAtLeast(threshold, minimumKeep: minimumKeep)
  }
}

extension CandidateSet {
  /// Keeps candidates whose probability is at least `threshold`, or whose logit is at least
  /// the `minimumKeep`-th largest (transformers' rule: a token goes only when it fails both).
  mutating func retainProbabilityAtLeast(_ threshold: Double, minimumKeep: Int) {
    guard count > 0 else { return }
    let probabilities = self.probabilities()
    // Probability is monotone in the logit, so a logit threshold is equivalent: find the
    // smallest passing logit.
    var smallestPassing = Float.infinity
    for index in 0..<count where probabilities[index] >= threshold {
      smallestPassing = min(smallestPassing, logits[index])
    }
    if minimumKeep > 1 {
      // The minimumKeep-th largest logit (its ties pass with it).
      let ranked = logits[0..<count].sorted(by: >)
      smallestPassing = min(smallestPassing, ranked[min(minimumKeep, count) - 1])
    }
    retainAtLeast(1, threshold: Double(smallestPassing))
  }
}

extension Epsilon {
  /// The parameters of `epsilon`, declared once.
  public enum Parameter {
    /// `e`: [0, 1), 0 disables.
    public static let e = ProcessorParameter.number(
      "epsilon", "e", .halfOpen(0, 1), default: 0.0003, note: "0 disables")
    /// `min_keep`: the fewest tokens to keep, at least 1.
    public static let minimumKeep = ProcessorParameter<Int>.minimumKeep("epsilon")
  }

  /// `epsilon` in the chain grammar.
  static let form = SpecificationForm<any LogitsProcessor>(
    "epsilon", summary: "keep tokens with probability ≥ e",
    parameters: [Parameter.e.erased, Parameter.minimumKeep.erased]
  ) { try Epsilon($0[Parameter.e], minimumKeep: $0[Parameter.minimumKeep]) }
}

extension Eta {
  /// The parameters of `eta`, declared once.
  public enum Parameter {
    /// `e`: [0, 1), 0 disables.
    public static let e = ProcessorParameter.number(
      "eta", "e", .halfOpen(0, 1), default: 0.0003, note: "0 disables")
    /// `min_keep`: the fewest tokens to keep, at least 1.
    public static let minimumKeep = ProcessorParameter<Int>.minimumKeep("eta")
  }

  /// `eta` in the chain grammar.
  static let form = SpecificationForm<any LogitsProcessor>(
    "eta", summary: "keep tokens with probability ≥ min(e, √e·exp(−H))",
    parameters: [Parameter.e.erased, Parameter.minimumKeep.erased]
  ) { try Eta($0[Parameter.e], minimumKeep: $0[Parameter.minimumKeep]) }
}
