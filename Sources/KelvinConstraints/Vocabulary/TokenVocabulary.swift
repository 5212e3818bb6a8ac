import KelvinSampling

/// A vocabulary as a constraint sees it: each token's bytes, and which token ends a sequence.
///
/// Tokens are byte strings: UTF-8 text for a character-level model, arbitrary bytes for a
/// byte-level BPE vocabulary (a token need not be valid UTF-8 on its own: `é` may be split
/// `C3` | `A9`). A token with no bytes (a special token other than the end of sequence, a gap
/// in the ids) is never allowed.
public struct TokenVocabulary: Sendable, Equatable {
  /// Each token's bytes, by id.
  public let tokens: [[UInt8]]
  /// The end-of-sequence token, allowed exactly in accepting states.
  public let endOfSequence: Int?

  /// The most tokens a vocabulary may hold.
  public static let maximumSize = 1 << 22

  /// Creates a vocabulary.
  ///
  /// - Throws: ``SamplingError`` for more than ``maximumSize`` tokens or an end-of-sequence id
  ///   outside the vocabulary.
  public init(tokens: [[UInt8]], endOfSequence: Int?) throws {
    guard tokens.count <= Self.maximumSize else {
      throw SamplingError.invalidParameter(
        processor: "vocabulary", parameter: "size", value: String(tokens.count),
        rule: "at most \(Self.maximumSize) tokens")
    }
    if let endOfSequence, !(0..<tokens.count).contains(endOfSequence) {
      throw SamplingError.tokenOutOfRange(
        context: "vocabulary end of sequence", token: endOfSequence, vocabularySize: tokens.count)
    }
    self.tokens = tokens
    self.endOfSequence = endOfSequence
  }

  /// The number of tokens.
  public var count: Int { tokens.count }
}
