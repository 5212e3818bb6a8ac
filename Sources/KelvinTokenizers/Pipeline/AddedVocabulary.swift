/// A token of a `tokenizer.json`'s `added_tokens`, matched in the text before the model runs.
struct AddedToken: Sendable {
  var id: Int32
  /// The text, as scalars.
  var content: [UInt32]
  /// Whether it is a control token (`<|endoftext|>`, `<s>`): never produced from plain text
  /// unless asked, skipped when decoding if asked.
  var isSpecial: Bool
  /// Whether it is matched in the normalized text (`normalized`), rather than the raw text.
  var isNormalized: Bool
  /// Whether white space before it joins it (`lstrip`).
  var stripsLeft: Bool
  /// Whether white space after it joins it (`rstrip`).
  var stripsRight: Bool
  /// Whether it is matched only between non-word scalars (`single_word`).
  var isSingleWord: Bool
}

/// The added tokens and their matcher (`tokenizer/added_vocabulary.rs` of `tokenizers`):
/// leftmost-longest matching of every added token, non-overlapping, in a trie over scalars.
struct AddedVocabulary: Sendable {
  var tokens: [AddedToken] = []

  /// A trie: each node's children by scalar, and the token that ends there (-1: none).
  private struct Trie: Sendable {
    var children: [[UInt32: Int32]] = [[:]]
    var ends: [Int32] = [-1]

    mutating func insert(_ key: [UInt32], token: Int32) {
      var node = 0
      for scalar in key {
        if let next = children[node][scalar] {
          node = Int(next)
        } else {
          children.append([:])
          ends.append(-1)
          children[node][scalar] = Int32(children.count - 1)
          node = children.count - 1
        }
      }
      ends[node] = token
    }

    var isEmpty: Bool { children[0].isEmpty }
  }

  private var raw = Trie()
  private var normalized = Trie()

  /// Builds the matcher; `normalizedContent(token)` is the text a normalized token is matched
  /// as (the content normalized by the tokenizer's normalizer).
  init(tokens: [AddedToken], normalizedContent: (AddedToken) throws(TokenizerError) -> [UInt32])
    throws(TokenizerError)
  {
    self.tokens = tokens
    for (index, token) in tokens.enumerated() where !token.content.isEmpty {
      if token.isNormalized {
        normalized.insert(try normalizedContent(token), token: Int32(index))
      } else {
        raw.insert(token.content, token: Int32(index))
      }
    }
  }

  init() {}

  /// The matches in `text` (raw when `normalized` is false), as (range, token index), in
  /// order; special tokens are passed over unless `parsesSpecial`, as `tokenizers` does with
  /// `encode_special_tokens`: a special token's match still hides the matches inside it.
  func matches(
    in text: UnsafeBufferPointer<UInt32>, normalized matchesNormalized: Bool, parsesSpecial: Bool,
    tables: UnicodeTables
  ) -> [(Range<Int>, Int)] {
    let trie = matchesNormalized ? normalized : raw
    guard !trie.isEmpty else { return [] }
    var found: [(Range<Int>, Int)] = []
    var position = 0
    var consumed = 0
    while position < text.count {
      // The longest token starting here.
      var node = 0
      var end = -1
      var token: Int32 = -1
      var index = position
      while index < text.count, let next = trie.children[node][text[index]] {
        node = Int(next)
        index += 1
        if trie.ends[node] >= 0 {
          end = index
          token = trie.ends[node]
        }
      }
      guard end >= 0 else {
        position += 1
        continue
      }
      let added = tokens[Int(token)]
      defer { position = end }
      if added.isSpecial, !parsesSpecial { continue }
      var start = position
      var stop = end
      if added.isSingleWord {
        let wordBefore = start > 0 && tables.properties(text[start - 1]).contains(.addedTokenWord)
        let wordAfter = stop < text.count && tables.properties(text[stop]).contains(.addedTokenWord)
        if wordBefore || wordAfter { continue }
      }
      if added.stripsLeft {
        while start > consumed, tables.properties(text[start - 1]).contains(.addedTokenSpace) {
          start -= 1
        }
      }
      if added.stripsRight {
        while stop < text.count, tables.properties(text[stop]).contains(.addedTokenSpace) {
          stop += 1
        }
      }
      found.append((start..<stop, Int(token)))
      consumed = stop
    }
    return found
  }

  /// Walks `count` scalars cut at `matches` (in order): `stretch` gets each range between
  /// them (empty ones too), `token` each match's id.
  func split(
    _ count: Int, at matches: [(Range<Int>, Int)],
    stretch: (Range<Int>) throws(TokenizerError) -> Void,
    token: (Int32) -> Void
  ) throws(TokenizerError) {
    var position = 0
    for (range, index) in matches {
      try stretch(position..<range.lowerBound)
      token(tokens[index].id)
      position = range.upperBound
    }
    try stretch(position..<count)
  }
}
