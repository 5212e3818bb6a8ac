import KelvinCore
import KelvinText

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

extension LogitBias {
  /// `logit_bias` in the chain grammar: every value by position is a ``TokenBias``.
  static let form: SpecificationForm<any LogitsProcessor> = {
    let entries = SpecificationParameter<[TokenBias]>.variadic(
      "biases", TokenBias.rule, count: 0...Int(Int32.max))
    return SpecificationForm(
      "logit_bias", summary: "add biases: logit_bias(3:-1.5,7:-inf); -inf bans a token",
      parameters: [entries.erased]
    ) { arguments in
      var biases: [Int: Double] = [:]
      for entry in arguments[entries] {
        guard biases[entry.token] == nil else {
          throw SpecificationError(
            item: arguments.item.text, key: "biases",
            problem: "token \(entry.token) is biased twice")
        }
        biases[entry.token] = entry.bias
      }
      return try LogitBias(biases)
    }
  }()
}

/// One `token:bias` entry of `logit_bias`.
struct TokenBias: Sendable, Equatable {
  let token: Int
  let bias: Double

  static let requirement =
    "token:bias, a token id ≥ 0 and a bias that is finite or -inf (3:-1.5, 7:-inf)"

  static let rule = ValueRule<TokenBias>(
    requirement: requirement, counterexamples: ["3", "a:1", "-1:2", "3:nan", "3:inf"],
    example: "3:-1.5",
    read: { text in
      let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
      guard parts.count == 2 else {
        throw ValueRuleViolation(requirement: requirement, text: text)
      }
      do {
        let token = try DecimalText.integer(parts[0])
        let bias = try DecimalText.double(parts[1])
        guard token >= 0, token <= Int(Int32.max),
          NumberRange.finiteOrNegativeInfinity.contains(bias)
        else { throw DecimalText.Failure.outOfRange }
        return TokenBias(token: token, bias: bias)
      } catch {
        throw ValueRuleViolation(requirement: requirement, text: text)
      }
    }, spell: { "\($0.token):\(NumberFormatting.shortest($0.bias))" })
}
