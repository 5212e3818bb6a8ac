import Foundation

/// An n-gram language model with interpolated Kneser–Ney smoothing (Kneser and Ney 1995;
/// the interpolated form of Chen and Goodman 1998), over any token sequence.
///
/// For order `N` and a history `h` of up to `N − 1` tokens:
///
///     P_n(w | h) = max(c_n(h w) − D_n, 0) / c_n(h •) + D_n · N₁₊(h •) / c_n(h •) · P_{n−1}(w | h′)
///
/// where `h′` drops the oldest token of `h`, `c_N` are raw counts, `c_n` for `n < N` are
/// continuation counts (how many distinct tokens precede `h w`), `N₁₊(h •)` is the number of
/// distinct tokens seen after `h`, and the discount is `D_n = n₁ / (n₁ + 2 n₂)` from the
/// order's counts of counts. A history never seen passes `P_{n−1}` through unchanged; the
/// recursion ends in the uniform distribution `1 / V`, so every token has a probability and
/// the probabilities sum to 1 over the vocabulary.
public struct KneserNeyModel: LanguageModel, Sendable {
  /// The model's order `N` (1 to 7).
  public let order: Int
  /// The number of tokens.
  public let vocabularySize: Int
  /// The end-of-sequence token, if any.
  public let endOfSequence: Int?
  /// Per order: for each history, the total count and every successor token with its count
  /// (raw for the top order, continuation below), so a prediction visits only the successors
  /// seen rather than the whole vocabulary.
  var histories: [[UInt64: History]]
  /// Every order's successors, history after history: `History.start` indexes them.
  var successorTokens: [UInt8]
  /// The successors' counts, parallel to ``successorTokens``.
  var successorCounts: [Int32]
  /// Per order: the absolute discount.
  public private(set) var discounts: [Double]

  /// Trains on `tokens`.
  ///
  /// - Parameters:
  ///   - tokens: The training sequence, token ids in `0..<vocabularySize` (at most 255).
  ///   - vocabularySize: The number of tokens.
  ///   - order: `N`, from 1 to 7.
  ///   - endOfSequence: The token that ends a sequence, if any.
  /// - Throws: ``DecodingError`` for an empty corpus, an order out of range or a token out of
  ///   range.
  /// - Complexity: O(length · order) time.
  public init(tokens: [Int], vocabularySize: Int, order: Int, endOfSequence: Int? = nil) throws {
    guard (1...7).contains(order) else { throw DecodingError.invalidOrder(order) }
    guard !tokens.isEmpty else { throw DecodingError.emptyCorpus }
    guard vocabularySize > 0, vocabularySize <= 255 else {
      throw DecodingError.unknownToken(vocabularySize, vocabularySize: 255)
    }
    for token in tokens where token < 0 || token >= vocabularySize {
      throw DecodingError.unknownToken(token, vocabularySize: vocabularySize)
    }
    self.order = order
    self.vocabularySize = vocabularySize
    self.endOfSequence = endOfSequence
    // Raw counts of every order (index n − 1 holds n-grams).
    var raw = [[UInt64: Int32]](repeating: [:], count: order)
    let symbols = tokens.map { UInt64($0 + 1) }  // 0 is reserved for "no token"
    for end in 0..<symbols.count {
      var key: UInt64 = 0
      for length in 1...order {
        let position = end - length + 1
        guard position >= 0 else { break }
        key = key | (symbols[position] << (8 * UInt64(length - 1)))
        raw[length - 1][Self.tagged(key, length: length), default: 0] += 1
      }
    }
    // Continuation counts below the top order: distinct left extensions.
    var counts = raw
    for length in stride(from: order - 1, through: 1, by: -1) {
      var continuation: [UInt64: Int32] = [:]
      for key in raw[length].keys {
        // Drop the oldest token (the highest byte of the untagged key).
        let untagged = key & 0x00FF_FFFF_FFFF_FFFF
        let suffix = untagged & ((UInt64(1) << (8 * UInt64(length))) - 1)
        continuation[Self.tagged(suffix, length: length), default: 0] += 1
      }
      counts[length - 1] = continuation
    }
    var grouped = [[UInt64: [(token: UInt8, count: Int32)]]](repeating: [:], count: order)
    var discounts = [Double](repeating: 0.5, count: order)
    for length in 1...order {
      var countOfCounts = [0, 0, 0]
      for (key, count) in counts[length - 1] {
        let untagged = key & 0x00FF_FFFF_FFFF_FFFF
        let history = Self.tagged(untagged >> 8, length: length - 1)
        grouped[length - 1][history, default: []].append((UInt8(untagged & 0xFF) - 1, count))
        if count <= 2 { countOfCounts[Int(count)] += 1 }
      }
      let n1 = Double(countOfCounts[1])
      let n2 = Double(countOfCounts[2])
      if n1 > 0 { discounts[length - 1] = min(0.999, max(0.001, n1 / (n1 + 2 * n2))) }
    }
    // Flat successor lists: a look-up returns three integers and retains nothing, so threads
    // sharing the model do not contend on reference counts.
    var histories = [[UInt64: History]](repeating: [:], count: order)
    var tokensList: [UInt8] = []
    var countsList: [Int32] = []
    for length in 1...order {
      histories[length - 1].reserveCapacity(grouped[length - 1].count)
      for (history, successors) in grouped[length - 1] {
        // Successors in token order, so the arithmetic is the same in every run.
        let sorted = successors.sorted { $0.token < $1.token }
        histories[length - 1][history] = History(
          total: sorted.reduce(0) { $0 + $1.count }, start: Int32(tokensList.count),
          count: Int32(sorted.count))
        tokensList += sorted.map(\.token)
        countsList += sorted.map(\.count)
      }
    }
    self.histories = histories
    successorTokens = tokensList
    successorCounts = countsList
    self.discounts = discounts
  }

  /// A key with its length in the top byte, so that n-grams of different lengths never
  /// collide; the most recent token is in the lowest byte.
  static func tagged(_ key: UInt64, length: Int) -> UInt64 {
    key | (UInt64(length) << 56)
  }

  /// The probabilities of every token after `context` (the last `N − 1` tokens count).
  ///
  /// - Complexity: N dictionary look-ups and O(N · V) arithmetic.
  public func probabilities(after context: [Int]) -> [Double] {
    var probabilities = [Double](repeating: 1 / Double(vocabularySize), count: vocabularySize)
    var history: UInt64 = 0
    let recent = context.suffix(order - 1).map { UInt64($0 + 1) }
    for length in 1...order {
      // The history of this order: the last `length − 1` context tokens.
      let historyLength = length - 1
      if historyLength > recent.count { break }
      history = 0
      for (offset, symbol) in recent.suffix(historyLength).reversed().enumerated() {
        history |= symbol << (8 * UInt64(offset + 1))
      }
      let historyKey = Self.tagged(history >> 8, length: historyLength)
      guard let stats = histories[length - 1][historyKey], stats.total > 0 else { continue }
      let total = Double(stats.total)
      let discount = discounts[length - 1]
      let backoff = discount * Double(stats.count) / total
      for token in 0..<vocabularySize { probabilities[token] *= backoff }
      for index in Int(stats.start)..<Int(stats.start + stats.count) {
        probabilities[Int(successorTokens[index])] +=
          max(Double(successorCounts[index]) - discount, 0) / total
      }
    }
    return probabilities
  }

  /// One history's statistics: its total count and where its successors are in
  /// ``successorTokens`` and ``successorCounts``.
  struct History: Sendable {
    var total: Int32
    var start: Int32
    var count: Int32
  }

  /// The log-probabilities of the next token, as logits.
  ///
  /// - Throws: ``DecodingError/unknownToken(_:vocabularySize:)`` for a context token out of
  ///   range.
  public mutating func logits(after context: [Int], into logits: inout [Float]) throws {
    for token in context.suffix(order - 1) where token < 0 || token >= vocabularySize {
      throw DecodingError.unknownToken(token, vocabularySize: vocabularySize)
    }
    if logits.count != vocabularySize { logits = [Float](repeating: 0, count: vocabularySize) }
    for (token, probability) in probabilities(after: context).enumerated() {
      logits[token] = Float(Foundation.log(probability))
    }
  }
}
