import KelvinCore

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

  /// The values `n` and `eos` may take: 0 to 2³¹ − 1.
  public static let range = 0...Int(Int32.max)

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for `n` or `endOfSequence` outside ``range``.
  public init(_ n: Int, endOfSequence: Int) throws {
    try Check.integer(n, in: Self.range, "min_tokens", "n")
    try Check.integer(endOfSequence, in: Self.range, "min_tokens", "eos")
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
