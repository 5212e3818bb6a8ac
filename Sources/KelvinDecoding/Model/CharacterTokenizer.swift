import KelvinTokenizers

/// A character-level tokenizer: one token per Unicode scalar of a fixed alphabet, and
/// optionally one unknown token that stands for every scalar outside it.
public struct CharacterTokenizer: Tokenizer, Equatable {
  /// The alphabet, in token order (the unknown token's scalar included, when there is one).
  public let alphabet: [Unicode.Scalar]
  /// The token every scalar outside the alphabet encodes to; `nil` makes such text an error.
  public let unknownToken: Int?
  let index: [Unicode.Scalar: Int]

  /// Creates a tokenizer whose alphabet is every scalar of `text`, sorted.
  public init(alphabetOf text: String) {
    self.init(alphabet: Array(Set(text.unicodeScalars)).sorted { $0.value < $1.value })
  }

  /// Creates a tokenizer with the given alphabet.
  ///
  /// - Parameters:
  ///   - alphabet: The scalars, in token order (duplicates keep their first position).
  ///   - unknown: The scalar that stands for unknown text (U+FFFD, say): its token, appended
  ///     when the alphabet lacks it, is what any scalar outside the alphabet encodes to, and
  ///     it decodes to this scalar. `nil`: unknown text is an error.
  public init(alphabet: [Unicode.Scalar], unknown: Unicode.Scalar? = nil) {
    var scalars: [Unicode.Scalar] = []
    var index: [Unicode.Scalar: Int] = [:]
    for scalar in alphabet where index[scalar] == nil {
      index[scalar] = scalars.count
      scalars.append(scalar)
    }
    if let unknown, index[unknown] == nil {
      index[unknown] = scalars.count
      scalars.append(unknown)
    }
    self.alphabet = scalars
    self.index = index
    unknownToken = unknown.flatMap { index[$0] }
  }

  /// The number of tokens.
  public var vocabularySize: Int { alphabet.count }

  /// The token of each scalar of `text`; scalars outside the alphabet become the unknown token.
  ///
  /// - Throws: ``DecodingError/unknownText(_:)`` naming the first scalar outside the alphabet,
  ///   when there is no unknown token.
  /// - Complexity: O(length).
  public func encode(_ text: String) throws -> [Int] {
    try text.unicodeScalars.map { scalar in
      if let token = index[scalar] { return token }
      guard let unknownToken else { throw DecodingError.unknownText(String(scalar)) }
      return unknownToken
    }
  }

  /// The number of scalars of `text` outside the alphabet (those the unknown token stands for).
  ///
  /// - Complexity: O(length).
  public func unknownCount(in text: String) -> Int {
    text.unicodeScalars.reduce(0) { $0 + (index[$1] == nil ? 1 : 0) }
  }

  /// The text of `tokens`; ids outside the alphabet become U+FFFD.
  public func decode(_ tokens: [Int]) -> String {
    var scalars = String.UnicodeScalarView()
    for token in tokens {
      scalars.append(token >= 0 && token < alphabet.count ? alphabet[token] : "\u{FFFD}")
    }
    return String(scalars)
  }

  /// Two tokenizers are equal when their alphabets and unknown tokens are.
  public static func == (lhs: CharacterTokenizer, rhs: CharacterTokenizer) -> Bool {
    lhs.alphabet == rhs.alphabet && lhs.unknownToken == rhs.unknownToken
  }
}
