import KelvinCore
import KelvinText

/// `min_tokens(n, eos)`: bans the end-of-sequence token `eos` until `n` tokens have been
/// generated (transformers' `MinNewTokensLengthLogitsProcessor`, vLLM's `min_tokens`).
///
/// Only generated tokens count (``accept(_:)``); prompt tokens do not. At step t (t tokens
/// generated so far) `eos` is removed while t < n. `n = 0` disables. When `eos` is the only
/// candidate left, the chain reports that no candidate survives rather than ending early.
public struct MinTokens: LogitsProcessor {
  /// The number of tokens before which the sequence may not end.
  public let n: Int
  /// The end-of-sequence token id.
  public let endOfSequence: Int
  /// Tokens generated so far.
  public private(set) var generated = 0

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for `n` or `endOfSequence` outside 0…2³¹ − 1.
  public init(_ n: Int, endOfSequence: Int) throws {
    try Parameter.n.check(n)
    try Parameter.eos.check(endOfSequence)
    self.n = n
    self.endOfSequence = endOfSequence
  }

  /// `min_tokens(n=…,eos=…)`.
  public var specification: String { "min_tokens(n=\(n),eos=\(endOfSequence))" }

  /// `n = 0` bans nothing.
  public var isIdentity: Bool { n == 0 }

  /// Removes `eos` while fewer than `n` tokens have been generated.
  public func process(_ candidates: inout CandidateSet, context: inout SamplingContext) {
    guard generated < n else { return }
    let banned = Int32(truncatingIfNeeded: endOfSequence)
    candidates.retain { token, _ in token != banned }
  }

  /// Counts a generated token.
  public mutating func accept(_ token: Int) { generated += 1 }

  /// Prompt tokens are not generated tokens.
  public mutating func acceptPrompt(_ token: Int) {}

  /// Restarts the count.
  public mutating func reset() { generated = 0 }
}

extension MinTokens {
  /// The parameters of `min_tokens`, declared once.
  public enum Parameter {
    /// `n`: how many tokens come before the end of sequence may, 0 (off) to 2³¹ − 1.
    public static let n = ProcessorParameter.integer(
      "min_tokens", "n", 0...Int(Int32.max), default: 0, note: "0 disables")
    /// `eos`: the end-of-sequence token id, 0 to 2³¹ − 1.
    public static let eos = ProcessorParameter.integer(
      "min_tokens", "eos", 0...Int(Int32.max), default: 0)
  }

  /// `min_tokens` in the chain grammar.
  static let form = SpecificationForm<any LogitsProcessor>(
    "min_tokens", summary: "ban the end-of-sequence token eos until n tokens are generated",
    parameters: [Parameter.n.erased, Parameter.eos.erased]
  ) { try MinTokens($0[Parameter.n], endOfSequence: $0[Parameter.eos]) }
}
