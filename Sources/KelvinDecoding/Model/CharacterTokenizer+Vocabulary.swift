import KelvinConstraints
import KelvinSampling
import KelvinTokenizers

extension TokenVocabulary {
  /// The vocabulary of a character tokenizer: each token is its scalar's UTF-8 bytes, except
  /// the end-of-sequence token and the unknown token, which spell nothing (the unknown token
  /// stands for any character, so a constraint never allows it).
  ///
  /// - Throws: ``SamplingError`` for an end-of-sequence id outside the alphabet.
  public init(_ tokenizer: CharacterTokenizer, endOfSequence: Int?) throws {
    let tokens = tokenizer.alphabet.enumerated().map { id, scalar -> [UInt8] in
      id == endOfSequence || id == tokenizer.unknownToken ? [] : Array(String(scalar).utf8)
    }
    try self.init(tokens: tokens, endOfSequence: endOfSequence)
  }
}
