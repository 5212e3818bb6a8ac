import Foundation

/// The built-in model: a character-level Kneser–Ney model trained on public-domain English
/// (five books of the King James Version, see `Resources/CORPUS-LICENSE.md`), or on any text.
public struct BuiltInModel: Sendable {
  /// The trained model.
  public var model: KneserNeyModel
  /// Its tokenizer: one token per character of the corpus's alphabet.
  public let tokenizer: CharacterTokenizer

  /// The default order: 6 characters (5 of history).
  public static let defaultOrder = 6

  /// The bundled corpus.
  ///
  /// - Throws: `CocoaError` when the resource bundle is missing.
  public static func bundledCorpus() throws -> String {
    guard let url = Bundle.module.url(forResource: "corpus", withExtension: "txt") else {
      throw CocoaError(.fileNoSuchFile)
    }
    return try String(contentsOf: url, encoding: .utf8)
  }

  /// Trains on `corpus` (the bundled one by default).
  ///
  /// The newline ends a sequence.
  ///
  /// - Throws: ``DecodingError`` for an empty corpus, an order out of range, or an alphabet
  ///   of more than 255 characters.
  /// - Complexity: O(length · order); about 1 s for the bundled 698 kB at order 6 (release).
  public init(corpus: String? = nil, order: Int = defaultOrder) throws {
    let text = try corpus ?? Self.bundledCorpus()
    guard !text.isEmpty else { throw DecodingError.emptyCorpus }
    tokenizer = CharacterTokenizer(alphabetOf: text + "\n")
    guard tokenizer.vocabularySize <= 255 else {
      throw DecodingError.unknownToken(tokenizer.vocabularySize, vocabularySize: 255)
    }
    let tokens = try tokenizer.encode(text)
    let newline = try tokenizer.encode("\n")[0]
    model = try KneserNeyModel(
      tokens: tokens, vocabularySize: tokenizer.vocabularySize, order: order,
      endOfSequence: newline)
  }
}
