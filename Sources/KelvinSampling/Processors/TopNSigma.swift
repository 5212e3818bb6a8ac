import KelvinCore
import KelvinText

/// `top_n_sigma(n)`: keeps tokens whose logit is within `n` standard deviations of the maximum.
///
/// As llama.cpp's `top_n_sigma` (Tang and others, 2024).
/// `σ` is the population standard deviation of the candidates' logits (masked tokens are not
/// candidates). Keeps `z ≥ z_max − n·σ`. `n = 0` changes nothing. Survivors keep their order.
public struct TopNSigma: LogitsProcessor {
  /// The number of standard deviations.
  public let n: Double
  /// The fewest tokens to keep.
  public let minimumKeep: Int

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for `n` negative or not finite or `minimumKeep < 1`.
  public init(_ n: Double, minimumKeep: Int = Parameter.minimumKeep.defaultValue) throws {
    try Parameter.n.check(n)
    try Parameter.minimumKeep.check(minimumKeep)
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

extension TopNSigma {
  /// The parameters of `top_n_sigma`, declared once.
  public enum Parameter {
    /// `n`: finite and ≥ 0, 0 disables.
    public static let n = ProcessorParameter.number(
      "top_n_sigma", "n", .finiteAtLeast(0), default: 1, note: "0 disables")
    /// `min_keep`: the fewest tokens to keep, at least 1.
    public static let minimumKeep = ProcessorParameter<Int>.minimumKeep("top_n_sigma")
  }

  /// `top_n_sigma` in the chain grammar.
  static let form = SpecificationForm<any LogitsProcessor>(
    "top_n_sigma", summary: "keep logits ≥ max − n·σ",
    parameters: [Parameter.n.erased, Parameter.minimumKeep.erased]
  ) { try TopNSigma($0[Parameter.n], minimumKeep: $0[Parameter.minimumKeep]) }
}
