import KelvinCore

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
  /// Scratch storage reused between steps, so that the common chains allocate nothing per
  /// token in the steady state: probabilities, their `Float` precursors (or top_p's weights),
  /// selections, the ids and logits of top_p's superset, and the nucleus search's storage.
  var scratch: [Double] = []
  var indexScratch: [Int32] = []
  var valueScratch: [Float] = []
  var narrowScratch: [Float] = []
  var supersetIDs: [Int32] = []
  var supersetLogits: [Float] = []
  var nucleus = NucleusScratch()

  /// Creates an empty set.
  public init() {}

  /// Creates a set holding every token of `logits` (token i has logit `logits[i]`).
  public init(logits: [Float]) {
    logits.withUnsafeBufferPointer { reset(logits: $0) }
  }

  /// Refills the set with every token of `logits`, in token order, reusing storage.
  ///
  /// This unsafe-buffer form is for a caller that owns raw memory; the `Span` form is the
  /// main entry point.
  ///
  /// - Complexity: O(n).
  public mutating func reset(logits source: UnsafeBufferPointer<Float>) {
    let n = source.count
    if tokens.count < n {
      tokens = [Int32](repeating: 0, count: n)
      logits = [Float](repeating: 0, count: n)
    }
    tokens.withUnsafeMutableBufferPointer { ids in
      for index in 0..<n { ids[index] = Int32(truncatingIfNeeded: index) }
    }
    logits.withUnsafeMutableBufferPointer { target in
      _ = UnsafeMutableBufferPointer(rebasing: target[0..<n]).initialize(from: source)
    }
    count = n
    order = .byToken
  }

  /// Refills the set with the unmasked tokens of `logits`, checking them in the same pass.
  ///
  /// This unsafe-buffer form is for a caller that owns raw memory; the `Span` form is the
  /// main entry point.
  ///
  /// - Returns: The largest logit.
  /// - Throws: `KelvinError` for an empty vector, a NaN or `+inf` logit (reported with its
  ///   index), or every logit masked.
  /// - Complexity: O(n): one vectorised scan and one copy.
  @discardableResult
  public mutating func load(_ source: UnsafeBufferPointer<Float>) throws -> Float {
    guard !source.isEmpty else { throw KelvinError.emptyInput(field: "logits") }
    guard let scan = FloatVectorKernels.quickScan(source) else {
      for (index, value) in source.enumerated() where value.isNaN || value == .infinity {
        throw KelvinError.invalidLogit(index: index, value: Double(value))
      }
      preconditionFailure("the scan reported an invalid logit that is not there")
    }
    guard scan.maximum > -.infinity else { throw KelvinError.everyLogitMasked(count: source.count) }
    reset(logits: source)
    if scan.hasNegativeInfinity { removeMasked() }
    return scan.maximum
  }

  /// The token ids of the candidates, in the set's current order.
  public var candidateTokens: ArraySlice<Int32> { tokens[0..<count] }
  /// The logits of the candidates, in the set's current order.
  public var candidateLogits: ArraySlice<Float> { logits[0..<count] }

  /// The largest logit among the candidates (`-inf` when the set is empty).
  public var maximumLogit: Float {
    if order == .byLogitDescending, count > 0 { return logits[0] }
    let n = count
    guard
      let scan = logits.withUnsafeBufferPointer({
        FloatVectorKernels.quickScan(UnsafeBufferPointer(rebasing: $0[0..<n]))
      })
    else { preconditionFailure("candidate logits are never NaN or +inf") }
    return scan.maximum
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
    let n = count
    count = tokens.withUnsafeMutableBufferPointer { ids in
      logits.withUnsafeMutableBufferPointer { values in
        var kept = 0
        for index in 0..<n where keep(ids[index], values[index]) {
          ids[kept] = ids[index]
          values[kept] = values[index]
          kept += 1
        }
        return kept
      }
    }
  }

  /// Keeps the candidates whose logit is `≥ threshold`, preserving their order.
  ///
  /// - Complexity: O(n), skipping 16 rejected logits at a time.
  mutating func retain(logitsAtLeast threshold: Float) {
    let n = count
    count = tokens.withUnsafeMutableBufferPointer { ids in
      logits.withUnsafeMutableBufferPointer { values in
        var kept = 0
        var index = 0
        let bound = SIMD16<Float>(repeating: threshold)
        guard let base = values.baseAddress else { return 0 }
        while index + 16 <= n {
          let block = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<Float>.self)
          let hits = SIMD16<Float>(repeating: 0).replacing(with: 1, where: block .>= bound)
          if hits.sum() != 0 {
            for lane in 0..<16 where block[lane] >= threshold {
              ids[kept] = ids[index + lane]
              values[kept] = block[lane]
              kept += 1
            }
          }
          index += 16
        }
        while index < n {
          if values[index] >= threshold {
            ids[kept] = ids[index]
            values[kept] = values[index]
            kept += 1
          }
          index += 1
        }
        return kept
      }
    }
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
    if count > 256 {
      sortByTokenKeys()
    } else {
      sortCandidates { a, b in a.token < b.token }
    }
    order = .byToken
  }

  /// ``sortByToken()`` for larger sets: each (token, logit) is packed into one `UInt64` whose
  /// order is the token order (ids are non-negative and distinct), the integers are sorted, and
  /// both fields are unpacked bit for bit.
  private mutating func sortByTokenKeys() {
    let n = count
    var keys = [UInt64](repeating: 0, count: n)
    for index in 0..<n {
      keys[index] =
        UInt64(UInt32(bitPattern: tokens[index])) << 32 | UInt64(logits[index].bitPattern)
    }
    keys.sort()
    for index in 0..<n {
      tokens[index] = Int32(bitPattern: UInt32(truncatingIfNeeded: keys[index] >> 32))
      logits[index] = Float(bitPattern: UInt32(truncatingIfNeeded: keys[index]))
    }
  }

  mutating func sortCandidates(
    by areInIncreasingOrder: ((token: Int32, logit: Float), (token: Int32, logit: Float)) -> Bool
  ) {
    if count <= 256 {
      // In place, without allocating: the survivor sets sorted on every token are small.
      // (Above this the standard library's merge sort beats the heapsort.)
      let n = count
      tokens.withUnsafeMutableBufferPointer { ids in
        logits.withUnsafeMutableBufferPointer { values in
          PairSort.sort(ids: ids, values: values, count: n) { idA, a, idB, b in
            areInIncreasingOrder((idA, a), (idB, b))
          }
        }
      }
      return
    }
    var pairs = (0..<count).map { (token: tokens[$0], logit: logits[$0]) }
    pairs.sort(by: areInIncreasingOrder)
    for (index, pair) in pairs.enumerated() {
      tokens[index] = pair.token
      logits[index] = pair.logit
    }
  }

  /// The normalised probabilities `softmax(logits)` of the candidates, in the set's order.
  ///
  /// KelvinCore's vectorised `Float` softmax (the reproducible exponential sum, the same bits
  /// on every CPU; relative error below 1e-5 for every probability above 1e-30), widened to
  /// `Double`. Masked candidates get 0.
  ///
  /// - Complexity: O(n).
  public func probabilities() -> [Double] {
    var result = [Double](repeating: 0, count: count)
    var narrow = [Float](repeating: 0, count: count)
    computeProbabilities(into: &result, narrow: &narrow)
    return result
  }

  /// ``probabilities()`` in the set's reused scratch storage, for processors that run on every
  /// token: hand the array back with ``recycle(_:)`` when done, and no step allocates.
  ///
  /// The array may be longer than ``count``: its first ``count`` elements are the
  /// probabilities, and their `Float` originals are in `narrowScratch`.
  ///
  /// - Complexity: O(n).
  mutating func takeProbabilities() -> [Double] {
    var result: [Double] = []
    swap(&result, &scratch)
    var narrow: [Float] = []
    swap(&narrow, &narrowScratch)
    Self.grow(&result, to: count)
    Self.grow(&narrow, to: count)
    computeProbabilities(into: &result, narrow: &narrow)
    swap(&narrow, &narrowScratch)
    return result
  }

  /// Returns an array from ``takeProbabilities()`` to the scratch storage.
  mutating func recycle(_ probabilities: inout [Double]) {
    swap(&probabilities, &scratch)
  }

  /// Makes `indexScratch` and `valueScratch` at least `n` long, for selections into them.
  mutating func growSelectionScratch(to n: Int) {
    if indexScratch.count < n || valueScratch.count < n {
      indexScratch = [Int32](repeating: 0, count: n)
      valueScratch = [Float](repeating: 0, count: n)
    }
  }

  /// Makes `array` at least `n` long (never shorter, so that the scratch storage is written
  /// once and reused, not refilled, on every step).
  static func grow<Element: Numeric>(_ array: inout [Element], to n: Int) {
    if array.count < n {
      array.append(contentsOf: repeatElement(0, count: n - array.count))
    }
  }

  /// Writes the probabilities of the first ``count`` candidates into `result`, and their
  /// `Float` originals into `narrow` (both at least ``count`` long).
  ///
  /// The probabilities are those of KelvinCore's `Float` softmax kernel (relative error below
  /// 1e-5 for every probability above 1e-30), widened to `Double`: one vectorised definition
  /// shared by every processor.
  private func computeProbabilities(into result: inout [Double], narrow: inout [Float]) {
    guard count > 0 else { return }
    let n = count
    logits.withUnsafeBufferPointer { values in
      narrow.withUnsafeMutableBufferPointer { whole in
        // Candidates are never NaN, +inf or all masked; the portable kernel gives the same
        // bits on every CPU, so decisions taken on these probabilities are reproducible.
        let input = UnsafeBufferPointer(rebasing: values[0..<n])
        let output = UnsafeMutableBufferPointer(rebasing: whole[0..<n])
        if !FloatVectorKernels.softmax(input, into: output) {
          do {
            try input.softmax(into: output)
          } catch {
            preconditionFailure("candidate logits broke their invariant: \(error)")
          }
        }
      }
    }
    for index in 0..<n { result[index] = Double(narrow[index]) }
  }

  /// `log Σ exp(logit)` over the candidates, in `Double`.
  public func logSumExp() -> Double {
    guard count > 0 else { return -.infinity }
    let n = count
    return logits.withUnsafeBufferPointer { values in
      do {
        return try UnsafeBufferPointer(rebasing: values[0..<n]).logSumExp()
      } catch {
        // Candidates are finite or -inf; a set of only masked tokens has no mass.
        return -.infinity
      }
    }
  }

  /// The position of `token` in the set, if it is a candidate.
  public func position(of token: Int) -> Int? {
    (0..<count).first { Int(tokens[$0]) == token }
  }
}
