import KelvinCore
import KelvinText

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

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for `n` outside 0…2³¹ − 1.
  public init(_ n: Int) throws {
    try Parameter.n.check(n)
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

extension NoRepeatNGram {
  /// The parameters of `no_repeat_ngram`, declared once.
  public enum Parameter {
    /// `n`: the n-gram length, 0 (off) to 2³¹ − 1.
    public static let n = ProcessorParameter.integer(
      "no_repeat_ngram", "n", 0...Int(Int32.max), default: 3, note: "0 disables")
  }

  /// `no_repeat_ngram` in the chain grammar.
  static let form = SpecificationForm<any LogitsProcessor>(
    "no_repeat_ngram", summary: "ban tokens that would repeat an n-gram of the history",
    parameters: [Parameter.n.erased]
  ) { try NoRepeatNGram($0[Parameter.n]) }
}
