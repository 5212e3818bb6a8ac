/// A set of token ids as a bitmask over the vocabulary: one bit per token, 64 to a word.
///
/// A value type: copying one is copying `⌈V/64⌉` words (16 KB at V = 128,256), and masks
/// that a constraint keeps per state are shared, not copied, until written.
public struct TokenMask: Sendable, Hashable {
  /// The vocabulary size the mask covers.
  public let vocabularySize: Int
  /// The bits, token `t` at bit `t % 64` of word `t / 64`.
  public private(set) var words: [UInt64]

  /// The empty mask over `vocabularySize` tokens.
  public init(vocabularySize: Int) {
    precondition(vocabularySize >= 0, "negative vocabulary size")
    self.vocabularySize = vocabularySize
    words = [UInt64](repeating: 0, count: (vocabularySize + 63) / 64)
  }

  /// Whether `token` is in the set (false outside the vocabulary).
  @inline(__always)
  public func contains(_ token: Int) -> Bool {
    guard token >= 0, token < vocabularySize else { return false }
    return words[token >> 6] & (1 << UInt64(token & 63)) != 0
  }

  /// Adds `token`.
  ///
  /// - Precondition: `token` is in the vocabulary.
  public mutating func insert(_ token: Int) {
    precondition(token >= 0 && token < vocabularySize, "token outside the mask")
    words[token >> 6] |= 1 << UInt64(token & 63)
  }

  /// Removes `token` (nothing outside the vocabulary).
  public mutating func remove(_ token: Int) {
    guard token >= 0, token < vocabularySize else { return }
    words[token >> 6] &= ~(1 << UInt64(token & 63))
  }

  /// The number of tokens in the set.
  ///
  /// - Complexity: O(V/64).
  public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

  /// Whether no token is in the set.
  public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

  /// The tokens in the set, ascending.
  public var tokens: [Int] {
    var result: [Int] = []
    for (index, word) in words.enumerated() {
      var bits = word
      while bits != 0 {
        result.append(index << 6 + bits.trailingZeroBitCount)
        bits &= bits - 1
      }
    }
    return result
  }
}
