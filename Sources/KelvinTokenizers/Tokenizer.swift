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
  /// The text of `tokens` for streaming, or `nil` while it ends inside a character (a byte-level
  /// token can hold part of one): a streaming loop holds such tokens back until the character
  /// completes, so it never prints a replacement character that the next token would undo.
  ///
  /// - Throws: When a token is not in the vocabulary.
  func streamingText(of tokens: [Int]) throws -> String?
}

extension Tokenizer {
  /// The text of `tokens`: a tokenizer whose tokens are whole characters never holds back.
  public func streamingText(of tokens: [Int]) throws -> String? { try decode(tokens) }
}
