import KelvinCore

/// `top_p(p)`: nucleus sampling.
///
/// As Holtzman and others (2020) define it.
/// Keeps the smallest set of highest-probability tokens whose probabilities sum to at least
/// `p`, the token that crosses `p` included; tokens of equal probability are taken in order of
/// lower token id. `p = 1` changes nothing; `p = 0` keeps the top token. The sum is accumulated
/// in `Double`, in order of logit. A set that arrives in token order stays in token order (so
/// that the draw need not sort it again); any other is left sorted by logit.
public struct TopP: LogitsProcessor {
  /// The probability mass to keep.
  public let p: Double
  /// The values `p` may take: [0, 1] (1 disables).
  public static let pRange = NumberRange.unitInterval
  /// The fewest tokens to keep.
  public let minimumKeep: Int

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for `p` outside ``pRange`` or `minimumKeep < 1`.
  public init(_ p: Double, minimumKeep: Int = 1) throws {
    try Check.number(p, in: Self.pRange, "top_p", "p")
    try Check.minimumKeep(minimumKeep, "top_p")
    self.p = p
    self.minimumKeep = minimumKeep
  }

  /// `top_p(p=…,min_keep=…)`.
  public var specification: String { "top_p(p=\(Check.format(p)),min_keep=\(minimumKeep))" }

  /// Keeps the nucleus.
  ///
  /// Large sets are first narrowed to a superset of the nucleus, in two steps: the tokens at or
  /// above a tail threshold (``CandidateSet/keepTail(_:mass:minimumKeep:)``, one vectorised
  /// pass), then every token whose probability falls in a bucket, by binary exponent and three
  /// mantissa bits, above the bucket where the mass crosses `p`; only that superset is sorted;
  /// the rule above is then applied to it unchanged, which gives exactly the result of sorting
  /// everything. Neither step narrows below ``minimumKeep`` tokens.
  public func process(_ candidates: inout CandidateSet, context: inout SamplingContext) {
    guard p < 1, candidates.count > 1 else { return }
    var probabilities = candidates.takeProbabilities()
    defer { candidates.recycle(&probabilities) }
    if candidates.count > 2048 {
      candidates.keepTail(&probabilities, mass: p, minimumKeep: minimumKeep)
    }
    keepNucleus(&candidates, probabilities: &probabilities)
  }

  /// The steps after the tail threshold: the histogram narrowing, then ``cut(_:probabilities:)``.
  ///
  /// Narrows a large set further by the probability histogram (`probabilities` are parallel to
  /// the set). The narrowing is skipped when it would leave fewer than ``minimumKeep`` tokens,
  /// so that the cut can still keep that many.
  func keepNucleus(_ candidates: inout CandidateSet, probabilities: inout [Double]) {
    if candidates.count > 2048 {
      Self.fillHistogram(probabilities, count: candidates.count, into: &candidates.histogramScratch)
      if let bound = Self.supersetBound(histogram: candidates.histogramScratch, mass: p),
        minimumKeep == 1
          || probabilities[0..<candidates.count].count(where: { $0 >= bound }) >= minimumKeep
      {
        // Keep the superset with its probabilities, in the set's current order.
        // Survivors keep their relative order, so the set's order still holds.
        let kept = candidates.compact(alongside: &probabilities) { $0 >= bound }
        candidates.count = kept
      }
    }
    cut(&candidates, probabilities: &probabilities)
  }

  /// Orders a superset of the nucleus by logit and cuts it where the mass reaches `p` (at least
  /// ``minimumKeep`` tokens); `probabilities` are parallel to the set.
  func cut(_ candidates: inout CandidateSet, probabilities: inout [Double]) {
    if candidates.order == .byToken {
      candidates.keepLogitPrefix(probabilities, mass: p, minimumKeep: minimumKeep)
      return
    }
    if candidates.order != .byLogitDescending {
      // Sort tokens and their probabilities together by logit descending, ties by lower id.
      var entries = (0..<candidates.count).map {
        (token: candidates.tokens[$0], logit: candidates.logits[$0], probability: probabilities[$0])
      }
      entries.sort { $0.logit > $1.logit || ($0.logit == $1.logit && $0.token < $1.token) }
      for (index, entry) in entries.enumerated() {
        candidates.tokens[index] = entry.token
        candidates.logits[index] = entry.logit
        probabilities[index] = entry.probability
      }
      candidates.order = .byLogitDescending
    }
    var kept = candidates.count
    var cumulative = 0.0
    for index in 0..<candidates.count {
      cumulative += probabilities[index]
      if cumulative >= p {
        kept = index + 1
        break
      }
    }
    candidates.truncate(to: max(kept, minimumKeep))
  }

  /// The histogram bucket of a probability.
  ///
  /// Its `Float` bit pattern's exponent and top three mantissa bits: bucket bounds grow by
  /// 2^(1/8) at most, and the bucket is monotone in the probability; zero lands in bucket 0,
  /// below every bound that matters.
  @inline(__always)
  static func bucket(of probability: Float) -> Int { Int((probability.bitPattern >> 20) & 0x7FF) }

  /// Fills the first 2,048 elements of `masses` with the probability mass per bucket.
  ///
  /// `masses` is working storage kept between steps (any contents; 4,096 elements after).
  static func fillHistogram(_ probabilities: [Double], count: Int, into masses: inout [Double]) {
    // Two histograms, for even and odd positions, so that neighbours falling in the same bucket
    // do not wait on each other's additions.
    CandidateSet.grow(&masses, to: 4096)
    masses.withUnsafeMutableBufferPointer { histogram in
      histogram.update(repeating: 0)
      probabilities.withUnsafeBufferPointer { all in
        let values = UnsafeBufferPointer(rebasing: all[0..<count])
        var index = 0
        while index + 1 < values.count {
          let even = values[index]
          let odd = values[index + 1]
          histogram[bucket(of: Float(even))] += even
          histogram[2048 + bucket(of: Float(odd))] += odd
          index += 2
        }
        if index < values.count {
          histogram[bucket(of: Float(values[index]))] += values[index]
        }
      }
      for bucket in 0..<2048 { histogram[bucket] += histogram[2048 + bucket] }
    }
  }

  /// The smallest bucket bound such that the tokens at or above it carry at least `mass` (plus
  /// 1e-9, far above the rounding of any summation order), or `nil` when no bound does.
  static func supersetBound(histogram masses: [Double], mass: Double) -> Double? {
    var cumulative = 0.0
    for bucket in stride(from: 2047, through: 0, by: -1) where masses[bucket] > 0 {
      cumulative += masses[bucket]
      if cumulative >= mass + 1e-9 {
        // The bucket's smallest member: the Float with these top bits and zero below.
        let lowest = Float(bitPattern: UInt32(bucket) << 20)
        // Probabilities are widened Floats, so comparing with the widened bound is exact.
        return Double(lowest)
      }
    }
    return nil
  }
}

extension CandidateSet {
  /// Moves the candidates whose entry in `values` (parallel to the set) passes `keep` to the
  /// front, in their order, together with those entries, and returns how many there are.
  ///
  /// - Complexity: O(n), over unsafe buffers (no per-element checks in the hot loop).
  mutating func compact(alongside values: inout [Double], where keep: (Double) -> Bool) -> Int {
    let n = count
    precondition(values.count >= n)
    return tokens.withUnsafeMutableBufferPointer { ids in
      logits.withUnsafeMutableBufferPointer { logitBuffer in
        values.withUnsafeMutableBufferPointer { valueBuffer in
          // Branch-free: every entry is copied to the next free slot (kept ≤ index, so
          // nothing unread is overwritten), and the slot advances only for a survivor; which
          // entries survive is unpredictable, and mispredicted branches cost more than copies.
          var kept = 0
          for index in 0..<n {
            let value = valueBuffer[index]
            ids[kept] = ids[index]
            logitBuffer[kept] = logitBuffer[index]
            valueBuffer[kept] = value
            kept += keep(value) ? 1 : 0
          }
          return kept
        }
      }
    }
  }
}

extension CandidateSet {
  /// On a set in token order: keeps the candidates that come first by logit (ties by lower id)
  /// until their `probabilities` (parallel to the set) sum to at least `mass`, and at least
  /// `minimumKeep` of them, leaving the survivors in token order.
  ///
  /// The order by logit comes from a radix sort of packed keys (the logit's order in the high
  /// word, the position in the low word; stable, so ties stay in position order, which is token
  /// order); the survivors are then marked and compacted, so no second sort by token is needed
  /// for the draw.
  ///
  /// - Complexity: O(n), in scratch storage kept between steps.
  mutating func keepLogitPrefix(_ probabilities: [Double], mass: Double, minimumKeep: Int) {
    precondition(order == .byToken)
    let n = count
    guard n > 1 else { return }
    Self.grow(&keyScratch, to: n)
    growSelectionScratch(to: n)
    var kept = n
    keyScratch.withUnsafeMutableBufferPointer { all in
      let keys = UnsafeMutableBufferPointer(rebasing: all[0..<n])
      logits.withUnsafeBufferPointer { values in
        for index in 0..<n {
          // Descending logit: the complement of the ascending key.
          keys[index] = UInt64(~RadixSorter.orderedKey(values[index])) << 32 | UInt64(index)
        }
      }
      sorter.sortByHighWord(keys, count: n)
      probabilities.withUnsafeBufferPointer { values in
        var cumulative = 0.0
        for rank in 0..<n {
          cumulative += values[Int(truncatingIfNeeded: keys[rank] & 0xFFFF_FFFF)]
          if cumulative >= mass {
            kept = rank + 1
            break
          }
        }
      }
      kept = min(n, max(kept, minimumKeep))
      guard kept < n else { return }
      indexScratch.withUnsafeMutableBufferPointer { marks in
        for index in 0..<n { marks[index] = 0 }
        for rank in 0..<kept { marks[Int(truncatingIfNeeded: keys[rank] & 0xFFFF_FFFF)] = 1 }
      }
    }
    guard kept < n else { return }
    tokens.withUnsafeMutableBufferPointer { ids in
      logits.withUnsafeMutableBufferPointer { values in
        indexScratch.withUnsafeBufferPointer { marks in
          var next = 0
          for index in 0..<n {  // branch-free, as in `compact(alongside:where:)`
            ids[next] = ids[index]
            values[next] = values[index]
            next += Int(marks[index])
          }
        }
      }
    }
    count = kept
  }
}
