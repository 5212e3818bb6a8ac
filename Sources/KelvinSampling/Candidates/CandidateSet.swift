/// The tokens still in play at one sampling step: their ids and their (processed) logits.
///
/// Processors narrow the set (truncation) and reshape it (temperature, penalties). Storage is
/// reused from step to step: the arrays keep their capacity and only ``count`` changes, so a
/// chain that owns one set allocates nothing per token once it has seen the vocabulary.
///
/// Order: a set is either in ascending token-id order (as built from a logits vector), or
/// sorted by logit descending with ties broken by ascending id, or in no particular order;
/// ``order`` says which. Every processor documents its result independently of the order it
/// receives, so chains give the same survivors whatever order a previous processor left.
public struct CandidateSet: Sendable {
  /// How the first ``count`` entries are ordered.
  public enum Order: Sendable, Equatable {
    /// Ascending token id.
    case byToken
    /// Logit descending, ties by ascending token id.
    case byLogitDescending
    /// No particular order.
    case unordered
  }

  /// Token ids; only the first ``count`` are candidates.
  public internal(set) var tokens: [Int32] = []
  /// Logits, parallel to ``tokens``.
  public internal(set) var logits: [Float] = []
  /// How many candidates there are.
  public internal(set) var count = 0
  /// How the candidates are ordered.
  public internal(set) var order = Order.byToken
  /// Scratch space for probabilities and sorting, reused between steps.
  var scratch: [Double] = []
  var indexScratch: [Int32] = []

  /// Creates an empty set.
  public init() {}

  /// Creates a set holding every token of `logits` (token i has logit `logits[i]`).
  public init(logits: [Float]) {
    logits.withUnsafeBufferPointer { reset(logits: $0) }
  }

  /// Refills the set with every token of `logits`, in token order, reusing storage.
  ///
  /// - Complexity: O(n).
  public mutating func reset(logits source: UnsafeBufferPointer<Float>) {
    let n = source.count
    if tokens.count < n {
      tokens = (0..<Int32(n)).map { $0 }
      logits = [Float](repeating: 0, count: n)
    } else {
      for index in 0..<n { tokens[index] = Int32(index) }
    }
    logits.withUnsafeMutableBufferPointer { target in
      for index in 0..<n { target[index] = source[index] }
    }
    count = n
    order = .byToken
  }

  /// The token ids of the candidates, in the set's current order.
  public var candidateTokens: ArraySlice<Int32> { tokens[0..<count] }
  /// The logits of the candidates, in the set's current order.
  public var candidateLogits: ArraySlice<Float> { logits[0..<count] }

  /// The largest logit among the candidates (`-inf` when the set is empty).
  public var maximumLogit: Float {
    if order == .byLogitDescending, count > 0 { return logits[0] }
    var best = -Float.infinity
    for index in 0..<count where logits[index] > best { best = logits[index] }
    return best
  }

  /// Sets the logit of candidate `index` (a position in the set, not a token id).
  public mutating func setLogit(_ value: Float, at index: Int) {
    precondition(index >= 0 && index < count, "candidate index out of range")
    logits[index] = value
    if order == .byLogitDescending { order = .unordered }
  }

  /// Keeps the candidates for which `keep` is true, preserving their relative order.
  ///
  /// - Complexity: O(n).
  public mutating func retain(where keep: (_ token: Int32, _ logit: Float) -> Bool) {
    var kept = 0
    for index in 0..<count where keep(tokens[index], logits[index]) {
      tokens[kept] = tokens[index]
      logits[kept] = logits[index]
      kept += 1
    }
    count = kept
  }

  /// Keeps the first `n` candidates in the current order.
  public mutating func truncate(to n: Int) {
    count = max(0, min(count, n))
  }

  /// Removes candidates whose logit is `-inf` (masked tokens).
  public mutating func removeMasked() {
    retain { _, logit in logit != -.infinity }
  }

  /// Sorts the candidates by logit descending, ties by ascending token id.
  ///
  /// - Complexity: O(n log n); nothing when already sorted.
  public mutating func sortByLogit() {
    guard order != .byLogitDescending else { return }
    sortCandidates { a, b in a.logit > b.logit || (a.logit == b.logit && a.token < b.token) }
    order = .byLogitDescending
  }

  /// Sorts the candidates by ascending token id.
  ///
  /// - Complexity: O(n log n); nothing when already in token order.
  public mutating func sortByToken() {
    guard order != .byToken else { return }
    sortCandidates { a, b in a.token < b.token }
    order = .byToken
  }

  mutating func sortCandidates(
    by areInIncreasingOrder: ((token: Int32, logit: Float), (token: Int32, logit: Float)) -> Bool
  ) {
    var pairs = (0..<count).map { (token: tokens[$0], logit: logits[$0]) }
    pairs.sort(by: areInIncreasingOrder)
    for (index, pair) in pairs.enumerated() {
      tokens[index] = pair.token
      logits[index] = pair.logit
    }
  }

  /// The normalised probabilities `softmax(logits)` of the candidates, in the set's order.
  ///
  /// Computed in `Double`, max-shifted. Masked candidates get 0.
  ///
  /// - Complexity: O(n).
  public func probabilities() -> [Double] {
    var result = [Double](repeating: 0, count: count)
    fillProbabilities(&result)
    return result
  }

  /// Writes the probabilities into `result` (resized to `count`).
  func fillProbabilities(_ result: inout [Double]) {
    if result.count != count { result = [Double](repeating: 0, count: count) }
    let maximum = Double(maximumLogit)
    guard maximum > -.infinity else { return }
    var sum = 0.0
    for index in 0..<count {
      let weight = SamplingMath.exp(Double(logits[index]) - maximum)
      result[index] = weight
      sum += weight
    }
    for index in 0..<count { result[index] /= sum }
  }

  /// `log Σ exp(logit)` over the candidates, in `Double`.
  public func logSumExp() -> Double {
    let maximum = Double(maximumLogit)
    guard maximum > -.infinity else { return -.infinity }
    var sum = 0.0
    for index in 0..<count { sum += SamplingMath.exp(Double(logits[index]) - maximum) }
    return maximum + SamplingMath.log(sum)
  }

  /// The position of `token` in the set, if it is a candidate.
  public func position(of token: Int) -> Int? {
    (0..<count).first { Int(tokens[$0]) == token }
  }
}
