import KelvinCore

/// `logit_bias(token:bias, …)`: adds a fixed bias to chosen tokens' logits.
///
/// A bias of `-inf` bans the token: it leaves the candidate set. Tokens outside the vocabulary
/// are an error when the chain meets them. If the biases ban every candidate, the chain
/// reports it.
public struct LogitBias: LogitsProcessor {
  /// The bias of each token.
  public let biases: [Int: Double]

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for a negative token id, or a NaN or `+inf` bias.
  public init(_ biases: [Int: Double]) throws {
    for (token, bias) in biases {
      guard token >= 0 else {
        throw SamplingError.invalidParameter(
          processor: "logit_bias", parameter: "token", value: String(token), rule: "≥ 0")
      }
      guard !bias.isNaN, bias != .infinity else {
        throw SamplingError.invalidParameter(
          processor: "logit_bias", parameter: "bias of token \(token)", value: Check.format(bias),
          rule: "finite, or -inf to ban")
      }
    }
    self.biases = biases
  }

  /// `logit_bias(3:-1.5,7:-inf)`.
  public var specification: String {
    let items = biases.keys.sorted().map { "\($0):\(Check.format(biases[$0] ?? 0))" }
    return "logit_bias(\(items.joined(separator: ",")))"
  }

  /// No bias changes nothing.
  public var isIdentity: Bool { biases.isEmpty }

  /// Adds the biases.
  ///
  /// - Throws: ``SamplingError/tokenOutOfRange(context:token:vocabularySize:)``.
  public func process(_ candidates: inout CandidateSet, context: inout SamplingContext) throws {
    guard !biases.isEmpty else { return }
    for token in biases.keys where token >= context.vocabularySize {
      throw SamplingError.tokenOutOfRange(
        context: "logit_bias", token: token, vocabularySize: context.vocabularySize)
    }
    for index in 0..<candidates.count {
      if let bias = biases[Int(candidates.tokens[index])] {
        candidates.logits[index] = Float(Double(candidates.logits[index]) + bias)
      }
    }
    if candidates.order == .byLogitDescending { candidates.order = .unordered }
    candidates.removeMasked()
  }
}
