import KelvinSampling
import KelvinTokenizers

extension TokenVocabulary {
  /// The vocabulary of a Hugging Face tokenizer for a model of `size` logits: each token's
  /// bytes as it contributes them to decoded text (``HuggingFaceTokenizer/tokenBytes(_:)``),
  /// special tokens, the end-of-sequence token and ids beyond the tokenizer (a model's padding
  /// of its embedding) spelling nothing, so a constraint never allows them as text.
  ///
  /// - Throws: ``SamplingError`` for a size beyond ``maximumSize`` or an end of sequence
  ///   outside it.
  public init(_ tokenizer: HuggingFaceTokenizer, size: Int, endOfSequence: Int?) throws {
    let tokens = (0..<size).map { id -> [UInt8] in
      guard id != endOfSequence, !tokenizer.isSpecialToken(id) else { return [] }
      return tokenizer.tokenBytes(id) ?? []
    }
    try self.init(tokens: tokens, endOfSequence: endOfSequence)
  }
}
