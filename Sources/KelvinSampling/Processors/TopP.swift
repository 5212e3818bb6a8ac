import KelvinCore

/// `top_p(p)`: nucleus sampling.
///
/// As Holtzman and others (2020) define it.
/// Keeps the smallest set of highest-probability tokens whose probabilities sum to at least
/// `p`, the token that crosses `p` included; tokens of equal probability are taken in order of
/// lower token id. `p ≥ 1` changes nothing; `p ≤ 0` keeps the top token. The sum is accumulated
/// in `Double`. Leaves the set sorted by logit.
public struct TopP: LogitsProcessor {
  /// The probability mass to keep.
  public let p: Double
  /// The fewest tokens to keep.
  public let minimumKeep: Int

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for NaN `p` or `minimumKeep < 1`.
  public init(_ p: Double, minimumKeep: Int = 1) throws {
    guard !p.isNaN else {
      throw SamplingError.invalidParameter(
        processor: "top_p", parameter: "p", value: "nan", rule: "a number")
    }
    try Check.minimumKeep(minimumKeep, "top_p")
    self.p = p
    self.minimumKeep = minimumKeep
  }

  /// `top_p(p=…,min_keep=…)`.
  public var specification: String { "top_p(p=\(Check.format(p)),min_keep=\(minimumKeep))" }

  /// Keeps the nucleus.
  ///
  /// Large sets are first narrowed to a superset of the nucleus, in two steps: the tokens at or
  /// above a tail threshold (``CandidateSet/keepTail(_:mass:)``, one vectorised pass), then
  /// every token whose probability falls in a bucket, by binary exponent and three mantissa
  /// bits, above the bucket where the mass crosses `p`; only that superset is sorted; the rule above is then applied to
  /// it unchanged, which gives exactly the result of sorting everything.
  public func process(_ candidates: inout CandidateSet, context: inout SamplingContext) {
    guard p < 1, candidates.count > 1 else { return }
    var probabilities = candidates.takeProbabilities()
    defer { candidates.recycle(&probabilities) }
    if candidates.count > 2048 {
      candidates.keepTail(&probabilities, mass: p)
    }
    if candidates.count > 2048,
      let bound = Self.supersetBound(probabilities, count: candidates.count, mass: p)
    {
      // Keep the superset with its probabilities, in the set's current order.
      // Survivors keep their relative order, so the set's order still holds.
      let kept = candidates.compact(alongside: &probabilities) { $0 >= bound }
      candidates.count = kept
    }
    if candidates.order != .byLogitDescending, let positions = candidates.positionsByLogit() {
      candidates.permute(by: positions, alongside: &probabilities)
      candidates.order = .byLogitDescending
    } else if candidates.order != .byLogitDescending {
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

  /// The smallest probability bucket bound such that the tokens at or above it carry at least
  /// `mass` (plus a margin far above rounding), or `nil` when no bucket bound does.
  static func supersetBound(_ probabilities: [Double], count: Int, mass: Double) -> Double? {
    // Bucket by the Float bit pattern's exponent and top three mantissa bits: bounds grow by
    // 2^(1/8) at most, and the bucket of a probability is monotone in it.
    // Two histograms, for even and odd positions, so that neighbours falling in the same bucket
    // do not wait on each other's additions; the 1e-9 margin covers the changed rounding.
    var masses = [Double](repeating: 0, count: 4096)
    masses.withUnsafeMutableBufferPointer { histogram in
      probabilities.withUnsafeBufferPointer { all in
        let values = UnsafeBufferPointer(rebasing: all[0..<count])
        var index = 0
        while index + 1 < values.count {
          let even = values[index]
          let odd = values[index + 1]
          histogram[Int((Float(even).bitPattern >> 20) & 0x7FF)] += even
          histogram[2048 + Int((Float(odd).bitPattern >> 20) & 0x7FF)] += odd
          index += 2
        }
        if index < values.count {
          histogram[Int((Float(values[index]).bitPattern >> 20) & 0x7FF)] += values[index]
        }
      }
      // Probabilities are ≥ 0, so zero lands in bucket 0, which is never a bound's bucket
      // above anything.
      for bucket in 0..<2048 { histogram[bucket] += histogram[2048 + bucket] }
    }
    masses.removeLast(2048)
    var cumulative = 0.0
    for bucket in stride(from: masses.count - 1, through: 0, by: -1) where masses[bucket] > 0 {
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
          var kept = 0
          for index in 0..<n where keep(valueBuffer[index]) {
            ids[kept] = ids[index]
            logitBuffer[kept] = logitBuffer[index]
            valueBuffer[kept] = valueBuffer[index]
            kept += 1
          }
          return kept
        }
      }
    }
  }
}

extension CandidateSet {
  /// Narrows a large set to a superset of the top-p nucleus in one vectorised pass: the
  /// tokens whose probability is at least `t = (1 − mass − 0.001) / n`.
  ///
  /// The tokens below `t` carry less than `1 − mass − 0.001` together, so those at or above it
  /// usually carry more than `mass`; that is checked by summing them, and the set is left as it
  /// was when it does not hold. `probabilities` must be ``takeProbabilities()``'s, whose
  /// `Float` originals are still in `narrowScratch`; survivors keep their order.
  ///
  /// - Complexity: O(n) vectorised, plus O(m) for the m survivors.
  mutating func keepTail(_ probabilities: inout [Double], mass: Double) {
    let n = count
    let slack = 1 - mass - 0.001
    guard slack > 0, narrowScratch.count >= n else { return }
    let bound = Float(slack / Double(n)).nextDown
    growSelectionScratch(to: n)
    let found = narrowScratch.withUnsafeBufferPointer { narrow in
      indexScratch.withUnsafeMutableBufferPointer { positions in
        valueScratch.withUnsafeMutableBufferPointer { selected in
          FloatVectorKernels.select(
            atLeast: bound, in: UnsafeBufferPointer(rebasing: narrow[0..<n]), indices: positions,
            selected: selected)
        }
      }
    }
    guard found < n / 2 else { return }
    let total = valueScratch.withUnsafeBufferPointer { selected in
      (0..<found).reduce(0.0) { $0 + Double(selected[$1]) }
    }
    guard total >= mass + 1e-9 else { return }
    // Positions ascend, so copying forward never overwrites a survivor not yet moved.
    tokens.withUnsafeMutableBufferPointer { ids in
      logits.withUnsafeMutableBufferPointer { values in
        probabilities.withUnsafeMutableBufferPointer { kept in
          indexScratch.withUnsafeBufferPointer { positions in
            valueScratch.withUnsafeBufferPointer { selected in
              for index in 0..<found {
                let position = Int(positions[index])
                ids[index] = ids[position]
                values[index] = values[position]
                kept[index] = Double(selected[index])
              }
            }
          }
        }
      }
    }
    count = found
  }
}

extension CandidateSet {
  /// Reorders the candidates, and `values` parallel to them, so that position `i` holds what
  /// was at `positions[i]`.
  ///
  /// - Complexity: O(n), with one copy of each array's prefix.
  mutating func permute(by positions: [Int], alongside values: inout [Double]) {
    let n = positions.count
    let oldTokens = Array(tokens[0..<n])
    let oldLogits = Array(logits[0..<n])
    let oldValues = Array(values[0..<n])
    for (index, position) in positions.enumerated() {
      tokens[index] = oldTokens[position]
      logits[index] = oldLogits[position]
      values[index] = oldValues[position]
    }
  }
}
