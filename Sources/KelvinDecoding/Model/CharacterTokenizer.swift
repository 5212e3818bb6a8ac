/// A character-level tokenizer: one token per Unicode scalar of a fixed alphabet.
public struct CharacterTokenizer: Tokenizer, Equatable {
  /// The alphabet, in token order.
  public let alphabet: [Unicode.Scalar]
  let index: [Unicode.Scalar: Int]

  /// Creates a tokenizer whose alphabet is every scalar of `text`, sorted.
  public init(alphabetOf text: String) {
    self.init(alphabet: Array(Set(text.unicodeScalars)).sorted { $0.value < $1.value })
  }

  /// Creates a tokenizer with the given alphabet.
  public init(alphabet: [Unicode.Scalar]) {
    self.alphabet = alphabet
    var index: [Unicode.Scalar: Int] = [:]
    for (position, scalar) in alphabet.enumerated() { index[scalar] = position }
    self.index = index
  }

  /// The number of characters.
  public var vocabularySize: Int { alphabet.count }

  /// The token of each scalar of `text`.
  ///
  /// - Throws: ``DecodingError/unknownText(_:)`` naming the first unknown character.
  public func encode(_ text: String) throws -> [Int] {
    try text.unicodeScalars.map { scalar in
      guard let token = index[scalar] else { throw DecodingError.unknownText(String(scalar)) }
      return token
    }
  }

  /// The text of `tokens`; ids outside the alphabet become U+FFFD.
  public func decode(_ tokens: [Int]) -> String {
    var scalars = String.UnicodeScalarView()
    for token in tokens {
      scalars.append(token >= 0 && token < alphabet.count ? alphabet[token] : "\u{FFFD}")
    }
    return String(scalars)
  }

  /// Two tokenizers are equal when their alphabets are.
  public static func == (lhs: CharacterTokenizer, rhs: CharacterTokenizer) -> Bool {
    lhs.alphabet == rhs.alphabet
  }
}
