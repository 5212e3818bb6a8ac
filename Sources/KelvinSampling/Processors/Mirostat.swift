import KelvinCore
import KelvinText

/// `mirostat(tau, eta, m)`: Mirostat 1.0, as llama.cpp implements it.
///
/// The algorithm of Basu and others (2021).
/// Keeps `μ` (initially `2τ`). At each step, with the candidates sorted by probability, it
/// estimates the Zipf exponent `ŝ = Σ t_i b_i / Σ t_i²` over the top `m` tokens
/// (`t_i = ln((i+2)/(i+1))`, `b_i = ln(p_i / p_{i+1})`), sets
/// `k = ((ŝ − 1) · 2^μ / (1 − V^{−(ŝ−1)}))^{1/ŝ}` for a vocabulary of `V` tokens, and keeps the
/// top `max(k, 1)` tokens. When a token is accepted, `μ ← μ − η · (−log₂ p − τ)` with `p` its
/// probability among the survivors.
public struct Mirostat: LogitsProcessor {
  /// The target surprise `τ`, in bits.
  public let tau: Double
  /// The learning rate `η`.
  public let eta: Double
  /// How many top tokens estimate `ŝ`.
  public let m: Int
  /// The current maximum surprise `μ`.
  public private(set) var mu: Double
  var lastTokens: [Int32] = []
  var lastProbabilities: [Double] = []

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for `tau` or `eta` that is negative or not finite, or `m < 2`.
  public init(
    tau: Double = Parameter.tau.defaultValue, eta: Double = Parameter.eta.defaultValue,
    m: Int = Parameter.m.defaultValue
  ) throws {
    try Parameter.tau.check(tau)
    try Parameter.eta.check(eta)
    try Parameter.m.check(m)
    self.tau = tau
    self.eta = eta
    self.m = m
    self.mu = 2 * tau
  }

  /// `mirostat(tau=…,eta=…,m=…)`.
  public var specification: String {
    "mirostat(tau=\(Check.format(tau)),eta=\(Check.format(eta)),m=\(m))"
  }

  /// Keeps the top k tokens for the current μ.
  public mutating func process(_ candidates: inout CandidateSet, context: inout SamplingContext) {
    guard candidates.count > 1 else {
      remember(candidates)
      return
    }
    candidates.sortByLogit()
    let probabilities = candidates.probabilities()
    var sumTB = 0.0
    var sumTT = 0.0
    var index = 0
    while index < m - 1 && index < candidates.count - 1 {
      let t = SamplingMath.log(Double(index + 2) / Double(index + 1))
      let b = SamplingMath.log(probabilities[index] / probabilities[index + 1])
      sumTB += t * b
      sumTT += t * t
      index += 1
    }
    let sHat = sumTB / sumTT
    let epsilonHat = sHat - 1
    let k = SamplingMath.pow(
      epsilonHat * SamplingMath.pow(2, mu)
        / (1 - SamplingMath.pow(Double(context.vocabularySize), -epsilonHat)), 1 / sHat)
    let kept = k.isFinite ? max(1, Int(min(k, Double(Int32.max)))) : candidates.count
    candidates.truncate(to: max(1, kept))
    remember(candidates)
  }

  mutating func remember(_ candidates: CandidateSet) {
    lastTokens = Array(candidates.candidateTokens)
    lastProbabilities = candidates.probabilities()
  }

  /// Updates μ from the accepted token's surprise.
  public mutating func accept(_ token: Int) {
    guard let index = lastTokens.firstIndex(of: Int32(truncatingIfNeeded: token)) else { return }
    let surprise = -SamplingMath.log2(lastProbabilities[index])
    mu -= eta * (surprise - tau)
  }

  /// Prompt tokens do not move μ.
  public mutating func acceptPrompt(_ token: Int) {}

  /// Restores μ = 2τ.
  public mutating func reset() {
    mu = 2 * tau
    lastTokens = []
    lastProbabilities = []
  }
}

/// `mirostat_v2(tau, eta)`: Mirostat 2.0, as llama.cpp implements it.
///
/// Keeps `μ` (initially `2τ`). At each step it keeps the most probable tokens up to the first
/// whose surprise `−log₂ p` exceeds `μ` (at least one token). When a token is accepted,
/// `μ ← μ − η · (−log₂ p − τ)` with `p` its probability among the survivors (renormalised).
public struct MirostatV2: LogitsProcessor {
  /// The target surprise `τ`, in bits.
  public let tau: Double
  /// The learning rate `η`.
  public let eta: Double
  /// The current maximum surprise `μ`.
  public private(set) var mu: Double
  var lastTokens: [Int32] = []
  var lastProbabilities: [Double] = []

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for `tau` or `eta` that is negative or not finite.
  public init(
    tau: Double = Parameter.tau.defaultValue, eta: Double = Parameter.eta.defaultValue
  ) throws {
    try Parameter.tau.check(tau)
    try Parameter.eta.check(eta)
    self.tau = tau
    self.eta = eta
    self.mu = 2 * tau
  }

  /// `mirostat_v2(tau=…,eta=…)`.
  public var specification: String {
    "mirostat_v2(tau=\(Check.format(tau)),eta=\(Check.format(eta)))"
  }

  /// Keeps the tokens whose surprise is at most μ.
  public mutating func process(_ candidates: inout CandidateSet, context: inout SamplingContext) {
    candidates.sortByLogit()
    let probabilities = candidates.probabilities()
    var kept = candidates.count
    for (index, probability) in probabilities.enumerated()
    where -SamplingMath.log2(probability) > mu {
      kept = index
      break
    }
    candidates.truncate(to: max(1, kept))
    lastTokens = Array(candidates.candidateTokens)
    lastProbabilities = candidates.probabilities()
  }

  /// Updates μ from the accepted token's surprise.
  public mutating func accept(_ token: Int) {
    guard let index = lastTokens.firstIndex(of: Int32(truncatingIfNeeded: token)) else { return }
    mu -= eta * (-SamplingMath.log2(lastProbabilities[index]) - tau)
  }

  /// Prompt tokens do not move μ.
  public mutating func acceptPrompt(_ token: Int) {}

  /// Restores μ = 2τ.
  public mutating func reset() {
    mu = 2 * tau
    lastTokens = []
    lastProbabilities = []
  }
}

extension Mirostat {
  /// The parameters of `mirostat`, declared once.
  public enum Parameter {
    /// `tau`: the target surprise in bits, finite and ≥ 0.
    public static let tau = ProcessorParameter.number(
      "mirostat", "tau", .finiteAtLeast(0), default: 5, note: "target surprise in bits")
    /// `eta`: the learning rate, finite and ≥ 0.
    public static let eta = ProcessorParameter.number(
      "mirostat", "eta", .finiteAtLeast(0), default: 0.1)
    /// `m`: how many top tokens estimate ŝ, 2 to 2³¹ − 1.
    public static let m = ProcessorParameter.integer(
      "mirostat", "m", 2...Int(Int32.max), default: 100)
  }

  /// `mirostat` in the chain grammar.
  static let form = SpecificationForm<any LogitsProcessor>(
    "mirostat", summary: "Mirostat 1.0: top-k chosen to track a target surprise tau (bits)",
    parameters: [Parameter.tau.erased, Parameter.eta.erased, Parameter.m.erased]
  ) { try Mirostat(tau: $0[Parameter.tau], eta: $0[Parameter.eta], m: $0[Parameter.m]) }
}

extension MirostatV2 {
  /// The parameters of `mirostat_v2`, declared once.
  public enum Parameter {
    /// `tau`: the target surprise in bits, finite and ≥ 0.
    public static let tau = ProcessorParameter.number(
      "mirostat_v2", "tau", .finiteAtLeast(0), default: 5, note: "target surprise in bits")
    /// `eta`: the learning rate, finite and ≥ 0.
    public static let eta = ProcessorParameter.number(
      "mirostat_v2", "eta", .finiteAtLeast(0), default: 0.1)
  }

  /// `mirostat_v2` in the chain grammar.
  static let form = SpecificationForm<any LogitsProcessor>(
    "mirostat_v2", summary: "Mirostat 2.0: drop tokens whose surprise exceeds mu",
    parameters: [Parameter.tau.erased, Parameter.eta.erased]
  ) { try MirostatV2(tau: $0[Parameter.tau], eta: $0[Parameter.eta]) }
}
