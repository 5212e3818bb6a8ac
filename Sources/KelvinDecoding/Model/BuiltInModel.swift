import Foundation
import KelvinTokenizers

/// The built-in model: a character-level Kneser–Ney model trained on public-domain English
/// (five books of the King James Version, see `Resources/CORPUS-LICENSE.md`), or on any text.
public struct BuiltInModel: Sendable {
  /// The trained model.
  public var model: KneserNeyModel
  /// Its tokenizer: see ``init(corpus:order:)`` for the vocabulary.
  public let tokenizer: CharacterTokenizer

  /// The scalar of the unknown token, which stands for every character outside the vocabulary.
  public static let unknownCharacter: Unicode.Scalar = "\u{FFFD}"

  /// The characters every built-in vocabulary has besides its corpus's: the newline and the
  /// 95 printable ASCII characters, U+0020 to U+007E.
  public static let baseCharacters: [Unicode.Scalar] =
    ["\n"] + (0x20...0x7E).compactMap { Unicode.Scalar(UInt32($0)) }

  /// The default order: 6 characters (5 of history).
  public static let defaultOrder = 6

  /// The bundled corpus.
  ///
  /// - Throws: `CocoaError` when the resource bundle is missing.
  public static func bundledCorpus() throws -> String { try resource("corpus") }

  /// The bundled held-out text: Isaiah 40 to 55 (King James Version, public domain).
  ///
  /// One verse per line, from a book the built-in corpus does not contain. The decoding study
  /// draws its prompts and human continuations from it.
  ///
  /// - Throws: `CocoaError` when the resource bundle is missing.
  public static func heldOutText() throws -> String { try resource("heldout") }

  /// The UTF-8 text of the bundled resource `name.txt`.
  static func resource(_ name: String) throws -> String {
    guard let url = Bundle.module.url(forResource: name, withExtension: "txt") else {
      throw CocoaError(.fileNoSuchFile)
    }
    return try String(contentsOf: url, encoding: .utf8)
  }

  /// Trains on `corpus` (the bundled one by default).
  ///
  /// The vocabulary is every character of the corpus, the newline and every printable ASCII
  /// character (``baseCharacters``), sorted by scalar value, then one unknown token
  /// (``unknownCharacter``, U+FFFD) that any other character encodes to: so any text can be
  /// scored and any prompt continued. A character the corpus never has is still a token
  /// with a probability: Kneser–Ney's lowest order interpolates with the uniform
  /// distribution `1 / V`, and each order's back-off weight passes that share up, so an unseen
  /// character gets a small, smoothed probability in every context: measured on the bundled
  /// corpus at order 6, 1.1 × 10⁻⁶ after "LORD", 6.1 × 10⁻⁹ after "In the beginning God",
  /// 2.2 × 10⁻¹² after "And the" (a history seen often leaves little to back off). The
  /// held-out Isaiah 40 passage scored 3.6103 with the corpus's 63 characters and 3.6104 with
  /// these 97 tokens. The newline ends a sequence.
  ///
  /// - Throws: ``DecodingError`` for an empty corpus, an order out of range, or a vocabulary
  ///   of more than 255 tokens.
  /// - Complexity: O(length · order); 0.3 s for the bundled 698 kB at order 6 (release build).
  public init(corpus: String? = nil, order: Int = defaultOrder) throws {
    let text = try corpus ?? Self.bundledCorpus()
    guard !text.isEmpty else { throw DecodingError.emptyCorpus }
    let alphabet = Set(text.unicodeScalars).union(Self.baseCharacters).subtracting([
      Self.unknownCharacter
    ])
    tokenizer = CharacterTokenizer(
      alphabet: alphabet.sorted { $0.value < $1.value }, unknown: Self.unknownCharacter)
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
