import KelvinCore

/// `no_repeat_ngram(n)`: bans every token that would complete an n-gram already in the history
/// (transformers' `NoRepeatNGramLogitsProcessor`).
///
/// With history `h` (prompt and generated tokens), the last `n − 1` tokens form a prefix; every
/// earlier occurrence of that prefix bans the token that followed it. `n = 0` disables; with
/// `n = 1` every token already in the history is banned.
public struct NoRepeatNGram: LogitsProcessor {
  /// The n-gram length.
  public let n: Int
  /// The history, oldest first.
  public private(set) var history: [Int32] = []

  /// The values `n` may take: 0 (off) to 2³¹ − 1.
  public static let nRange = 0...Int(Int32.max)

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for `n` outside ``nRange``.
  public init(_ n: Int) throws {
    try Check.integer(n, in: Self.nRange, "no_repeat_ngram", "n")
    self.n = n
  }

  /// `no_repeat_ngram=…`.
  public var specification: String { "no_repeat_ngram=\(n)" }

  /// `n = 0` bans nothing.
  public var isIdentity: Bool { n == 0 }

  /// Removes the banned tokens.
  public func process(_ candidates: inout CandidateSet, context: inout SamplingContext) {
    guard n > 0, history.count + 1 >= n else { return }
    let prefixLength = n - 1
    let prefixStart = history.count - prefixLength
    var banned = Set<Int32>()
    var start = 0
    while start + prefixLength < history.count {
      var matches = true
      for offset in 0..<prefixLength where history[start + offset] != history[prefixStart + offset]
      {
        matches = false
        break
      }
      if matches { banned.insert(history[start + prefixLength]) }
      start += 1
    }
    guard !banned.isEmpty else { return }
    candidates.retain { token, _ in !banned.contains(token) }
  }

  /// Appends a token to the history.
  public mutating func accept(_ token: Int) { history.append(Int32(truncatingIfNeeded: token)) }

  /// Empties the history.
  public mutating func reset() { history = [] }
}
