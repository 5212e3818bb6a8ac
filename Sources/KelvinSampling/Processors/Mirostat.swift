import KelvinCore

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
  /// The values `m` may take: 2 to 2³¹ − 1.
  public static let mRange = 2...Int(Int32.max)
  /// The current maximum surprise `μ`.
  public private(set) var mu: Double
  var lastTokens: [Int32] = []
  var lastProbabilities: [Double] = []

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for `tau` or `eta` that is negative or not finite, or `m < 2`.
  public init(tau: Double = 5, eta: Double = 0.1, m: Int = 100) throws {
    try Check.number(tau, in: .finiteAtLeast(0), "mirostat", "tau")
    try Check.number(eta, in: .finiteAtLeast(0), "mirostat", "eta")
    try Check.integer(m, in: Self.mRange, "mirostat", "m")
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
  public init(tau: Double = 5, eta: Double = 0.1) throws {
    try Check.number(tau, in: .finiteAtLeast(0), "mirostat_v2", "tau")
    try Check.number(eta, in: .finiteAtLeast(0), "mirostat_v2", "eta")
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
