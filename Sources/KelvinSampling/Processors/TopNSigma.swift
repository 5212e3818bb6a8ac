import KelvinCore

/// `top_n_sigma(n)`: keeps tokens whose logit is within `n` standard deviations of the maximum.
///
/// As llama.cpp's `top_n_sigma` (Tang and others, 2024).
/// `σ` is the population standard deviation of the candidates' logits (masked tokens are not
/// candidates). Keeps `z ≥ z_max − n·σ`. `n = 0` changes nothing. Survivors keep their order.
public struct TopNSigma: LogitsProcessor {
  /// The number of standard deviations.
  public let n: Double
  /// The values `n` may take: finite and ≥ 0 (0 disables).
  public static let nRange = NumberRange.finiteAtLeast(0)
  /// The fewest tokens to keep.
  public let minimumKeep: Int

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for `n` outside ``nRange`` or `minimumKeep < 1`.
  public init(_ n: Double, minimumKeep: Int = 1) throws {
    try Check.number(n, in: Self.nRange, "top_n_sigma", "n")
    try Check.minimumKeep(minimumKeep, "top_n_sigma")
    self.n = n
    self.minimumKeep = minimumKeep
  }

  /// `top_n_sigma(n=…,min_keep=…)`.
  public var specification: String { "top_n_sigma(n=\(Check.format(n)),min_keep=\(minimumKeep))" }

  /// `n = 0` keeps every token.
  public var isIdentity: Bool { n == 0 }

  /// Keeps the tokens within n·σ of the maximum.
  public func process(_ candidates: inout CandidateSet, context: inout SamplingContext) {
    guard n > 0, candidates.count > 1 else { return }
    var sum = 0.0
    for index in 0..<candidates.count { sum += Double(candidates.logits[index]) }
    let mean = sum / Double(candidates.count)
    var squares = 0.0
    for index in 0..<candidates.count {
      let deviation = Double(candidates.logits[index]) - mean
      squares += deviation * deviation
    }
    let sigma = (squares / Double(candidates.count)).squareRoot()
    let threshold = Double(candidates.maximumLogit) - n * sigma
    candidates.retainAtLeast(minimumKeep, threshold: threshold)
  }
}
