import KelvinCore
import KelvinText

/// `adaptive_p(target, decay)`: adaptive-p sampling as llama.cpp's `adaptive_p` sampler
/// defines it: it reshapes the distribution so that tokens whose probability is near a target
/// become the likeliest, adapting the target to what was actually chosen.
///
/// With `p_i` the candidates' probabilities and `w`, `W` running sums (initially 0):
/// `target' = clamp(W == 0 ? target : 2·target − w / W, 0, 1)`; each logit becomes
/// `5 − 10 · d² / (1 + d)` with `d = |p_i − target'| / 0.3`. When a token is accepted whose
/// probability before the reshaping was `p > 0`: `w ← decay·w + p`, `W ← decay·W + 1`.
public struct AdaptiveP: LogitsProcessor {
  /// The target probability, in [0, 1].
  public let target: Double
  /// The decay of the running average, in [0, 1].
  public let decay: Double
  /// The decayed sum of accepted tokens' probabilities.
  public private(set) var weightedSum = 0.0
  /// The decayed count of accepted tokens.
  public private(set) var totalWeight = 0.0
  var lastTokens: [Int32] = []
  var lastProbabilities: [Double] = []

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for a target or a decay outside [0, 1].
  public init(target: Double, decay: Double = Parameter.decay.defaultValue) throws {
    try Parameter.target.check(target)
    try Parameter.decay.check(decay)
    self.target = target
    self.decay = decay
  }

  /// `adaptive_p(target=…,decay=…)`.
  public var specification: String {
    "adaptive_p(target=\(Check.format(target)),decay=\(Check.format(decay)))"
  }

  /// Reshapes the logits around the adapted target.
  public mutating func process(_ candidates: inout CandidateSet, context: inout SamplingContext) {
    guard target >= 0, candidates.count > 0 else { return }
    let probabilities = candidates.probabilities()
    lastTokens = Array(candidates.candidateTokens)
    lastProbabilities = probabilities
    let clamped = min(max(target, 0), 1)
    let adapted = min(
      max(totalWeight == 0 ? clamped : 2 * clamped - weightedSum / totalWeight, 0), 1)
    for index in 0..<candidates.count {
      let distance = abs(probabilities[index] - adapted) / 0.3
      candidates.logits[index] = Float(5 - 10 * distance * distance / (1 + distance))
    }
    candidates.order = .unordered
  }

  /// Updates the running average with the accepted token's original probability.
  public mutating func accept(_ token: Int) {
    guard let index = lastTokens.firstIndex(of: Int32(truncatingIfNeeded: token)) else { return }
    let probability = lastProbabilities[index]
    guard probability > 0 else { return }
    weightedSum = decay * weightedSum + probability
    totalWeight = decay * totalWeight + 1
  }

  /// Prompt tokens do not move the average.
  public mutating func acceptPrompt(_ token: Int) {}

  /// Forgets the running average.
  public mutating func reset() {
    weightedSum = 0
    totalWeight = 0
    lastTokens = []
    lastProbabilities = []
  }
}

extension AdaptiveP {
  /// The parameters of `adaptive_p`, declared once.
  public enum Parameter {
    /// `target`: the target probability, in [0, 1].
    public static let target = ProcessorParameter.number(
      "adaptive_p", "target", .unitInterval, default: 0.5)
    /// `decay`: the decay of the running average, in [0, 1].
    public static let decay = ProcessorParameter.number(
      "adaptive_p", "decay", .unitInterval, default: 0.9)
  }

  /// `adaptive_p` in the chain grammar.
  static let form = SpecificationForm<any LogitsProcessor>(
    "adaptive_p",
    summary: "reshape towards tokens near a target probability (llama.cpp adaptive-p)",
    parameters: [Parameter.target.erased, Parameter.decay.erased]
  ) { try AdaptiveP(target: $0[Parameter.target], decay: $0[Parameter.decay]) }
}
