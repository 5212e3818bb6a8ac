import KelvinCore
import KelvinText

/// `allowed_tokens(ids…)`: keeps only the listed tokens (vLLM's `allowed_token_ids`).
///
/// Every other token is removed, so the draw renormalises over the allowed ones that are
/// still candidates. An empty list is the off value (nothing is removed), as vLLM's absent
/// list. A listed id outside the vocabulary is an error at the first step, as in
/// vLLM, and an allow-list whose tokens were all removed by earlier processors leaves no
/// candidate, which the chain reports.
public struct AllowedTokens: LogitsProcessor {
  /// The allowed ids, ascending, without repeats.
  public let tokens: [Int]
  let allowed: Set<Int32>

  /// The values an id may take.
  public static let tokenRange = 0...Int(Int32.max)

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for an id outside ``tokenRange``.
  public init(_ tokens: [Int]) throws {
    for token in tokens {
      try Check.integer(token, in: Self.tokenRange, "allowed_tokens", "tokens")
    }
    self.tokens = Array(Set(tokens)).sorted()
    allowed = Set(tokens.map { Int32($0) })
  }

  /// `allowed_tokens(…)`.
  public var specification: String {
    "allowed_tokens(" + tokens.map(String.init).joined(separator: ",") + ")"
  }

  /// An empty list keeps every token.
  public var isIdentity: Bool { tokens.isEmpty }

  /// Removes every token not in the list.
  ///
  /// - Throws: ``SamplingError/tokenOutOfRange(context:token:vocabularySize:)``.
  public func process(_ candidates: inout CandidateSet, context: inout SamplingContext) throws {
    guard let last = tokens.last else { return }
    if last >= context.vocabularySize {
      throw SamplingError.tokenOutOfRange(
        context: "allowed_tokens", token: last, vocabularySize: context.vocabularySize)
    }
    candidates.retain { token, _ in allowed.contains(token) }
  }
}

extension AllowedTokens {
  /// `allowed_tokens` in the chain grammar: every value by position is an id in
  /// ``tokenRange``.
  static let form: SpecificationForm<any LogitsProcessor> = {
    let tokens = SpecificationParameter<[Int]>.variadic(
      "tokens", .integer(AllowedTokens.tokenRange), count: 0...Int(Int32.max))
    return SpecificationForm(
      "allowed_tokens", summary: "keep only these ids: allowed_tokens(3,5,7); none keeps all",
      parameters: [tokens.erased]
    ) { try AllowedTokens($0[tokens]) }
  }()
}
