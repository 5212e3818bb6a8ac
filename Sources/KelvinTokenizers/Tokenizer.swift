/// Turns text into token ids and back.
public protocol Tokenizer: Sendable {
  /// The number of token ids.
  var vocabularySize: Int { get }
  /// The token ids of `text`.
  ///
  /// - Throws: When the tokenizer cannot represent the text.
  func encode(_ text: String) throws -> [Int]
  /// The text of `tokens`.
  ///
  /// - Throws: When a token is not in the vocabulary.
  func decode(_ tokens: [Int]) throws -> String
}
