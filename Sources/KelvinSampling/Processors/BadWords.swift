import KelvinCore
import KelvinText

/// `bad_words(sequences)`: bans token sequences (transformers' `NoBadWordsLogitsProcessor`).
///
/// For each banned sequence `s₁ … sₙ`, the token `sₙ` is removed when the history (prompt
/// and generated tokens, as transformers' `input_ids`) ends with `s₁ … sₙ₋₁`; a one-token
/// sequence is removed at every step. So a banned sequence can never be completed, while its
/// proper prefixes stay free. An empty list is the off value. A banned token outside the
/// vocabulary is an error at the first step, as transformers refuses to bias one.
///
/// Cost per step: O(Σ length of the sequences), independent of the history's length.
public struct BadWords: LogitsProcessor {
  /// The banned sequences, in the order given, without repeats.
  public let sequences: [[Int]]
  /// The history, oldest first: only the last `longest − 1` tokens are kept.
  public private(set) var history: [Int32] = []
  let always: Set<Int32>
  let conditional: [(prefix: [Int32], last: Int32)]
  let kept: Int
  let largest: Int

  /// The values a banned token may take.
  public static let tokenRange = 0...Int(Int32.max)

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for an empty sequence or a token outside ``tokenRange``.
  public init(_ sequences: [[Int]]) throws {
    var unique: [[Int]] = []
    for sequence in sequences {
      guard !sequence.isEmpty else {
        throw SamplingError.invalidParameter(
          processor: "bad_words", parameter: "sequences", value: "an empty sequence",
          rule: "each sequence has at least one token")
      }
      for token in sequence {
        try Check.integer(token, in: Self.tokenRange, "bad_words", "sequences")
      }
      if !unique.contains(sequence) { unique.append(sequence) }
    }
    self.sequences = unique
    always = Set(unique.filter { $0.count == 1 }.map { Int32($0[0]) })
    conditional = unique.filter { $0.count > 1 }.map { sequence in
      (sequence.dropLast().map { Int32($0) }, Int32(sequence[sequence.count - 1]))
    }
    kept = (unique.map(\.count).max() ?? 1) - 1
    largest = unique.joined().max() ?? -1
  }

  /// `bad_words(sequences=…)` with sequences written as in the chain grammar (`3|5:6`);
  /// `bad_words` when off.
  public var specification: String {
    guard !sequences.isEmpty else { return "bad_words" }
    return "bad_words(sequences="
      + sequences.map { $0.map(String.init).joined(separator: ":") }.joined(separator: "|") + ")"
  }

  /// No sequence bans nothing.
  public var isIdentity: Bool { sequences.isEmpty }

  /// Removes every token that would complete a banned sequence.
  ///
  /// - Throws: ``SamplingError/tokenOutOfRange(context:token:vocabularySize:)``.
  public func process(_ candidates: inout CandidateSet, context: inout SamplingContext) throws {
    guard !sequences.isEmpty else { return }
    if largest >= context.vocabularySize {
      throw SamplingError.tokenOutOfRange(
        context: "bad_words", token: largest, vocabularySize: context.vocabularySize)
    }
    var banned = always
    for (prefix, last) in conditional where history.count >= prefix.count {
      if history.suffix(prefix.count).elementsEqual(prefix) { banned.insert(last) }
    }
    guard !banned.isEmpty else { return }
    candidates.retain { token, _ in !banned.contains(token) }
  }

  /// Appends a token to the (bounded) history.
  public mutating func accept(_ token: Int) {
    guard kept > 0 else { return }
    history.append(Int32(truncatingIfNeeded: token))
    if history.count > 2 * kept { history.removeFirst(history.count - kept) }
  }

  /// Empties the history.
  public mutating func reset() { history = [] }
}

extension BadWords {
  /// The parameters of `bad_words`, declared once.
  public enum Parameter {
    /// `sequences`: the banned token sequences (`3|5:6`), each token in ``tokenRange``.
    public static let sequences = ProcessorParameter<[[Int]]>.tokenSequences(
      "bad_words", "sequences")
  }

  /// `bad_words` in the chain grammar.
  static let form = SpecificationForm<any LogitsProcessor>(
    "bad_words",
    summary:
      "ban token sequences (3|5:6): a sequence's last token goes when the rest ends the history",
    parameters: [Parameter.sequences.erased]
  ) { try BadWords($0[Parameter.sequences]) }
}
