import KelvinCore

/// The tail threshold of `top_p` over a large set: the tokens whose probability is at least
/// `t = (1 − mass − 0.001) / n`, a superset of the nucleus found in vectorised passes.
///
/// The tokens below `t` carry less than `1 − mass − 0.001` together, so those at or above it
/// usually carry more than `mass`; that is checked by summing them, and nothing is narrowed when
/// it does not hold, or when fewer than `min_keep` tokens would be left.
extension CandidateSet {
  /// The probability bound `t` for `n` candidates, just below `(1 − mass − 0.001) / n`.
  static func tailBound(count n: Int, mass: Double) -> Float? {
    let slack = 1 - mass - 0.001
    guard slack > 0 else { return nil }
    return Float(slack / Double(n)).nextDown
  }

  /// Whether `found` of `n` candidates, carrying `total`, may replace the set.
  ///
  /// Any superset of the nucleus gives the same nucleus, and the 1e-9 margin is far above the
  /// rounding of any summation order, so `total` may be summed in any order.
  static func tailHolds(found: Int, of n: Int, total: Double, mass: Double, minimumKeep: Int)
    -> Bool
  {
    found < n / 2 && found >= minimumKeep && total >= mass + 1e-9
  }

  /// Narrows the set to its tail-threshold superset of the nucleus.
  ///
  /// `probabilities` must be ``takeProbabilities()``'s, whose `Float` originals are still in
  /// `narrowScratch`; survivors keep their order.
  ///
  /// - Complexity: O(n) vectorised, plus O(m) for the m survivors.
  mutating func keepTail(_ probabilities: inout [Double], mass: Double, minimumKeep: Int) {
    let n = count
    guard let bound = Self.tailBound(count: n, mass: mass), narrowScratch.count >= n else {
      return
    }
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
    let total = valueScratch.withUnsafeBufferPointer { selected in
      (0..<found).reduce(0.0) { $0 + Double(selected[$1]) }
    }
    guard Self.tailHolds(found: found, of: n, total: total, mass: mass, minimumKeep: minimumKeep)
    else { return }
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

  /// Fills the set straight from raw logits with exactly what loading every token, applying
  /// `temperature(temperature)` (1: none), ``keepTail(_:mass:minimumKeep:)`` and top_p's
  /// histogram narrowing would leave, in token order, with their probabilities in `scratch`;
  /// nothing vocabulary-sized is written.
  ///
  /// How: the normaliser comes from the reproducible exponential sum over the raw logits, the
  /// same bits as the softmax over the divided ones. A token's probability is
  /// `exp(z / divisor − max / divisor) / Σ`, a monotone function of its logit (the canonical
  /// exp is monotone, tools/expcheck; division and subtraction round monotonically); so the
  /// tokens whose exponent lies below `log(t · Σ) − 0.001` all fall below `t`. The smallest
  /// logit whose exponent reaches that level is found by bisection over the `Float`s (each step
  /// rounds exactly as the kernel does), the tokens at or above it are selected in one pass,
  /// and the exact test `probability ≥ t` is applied to them alone: one pass counts them, sums
  /// them and fills the histogram; a second writes those that pass the histogram's bound too.
  ///
  /// - Returns: `false` when this path does not apply (fewer than 2,049 tokens, a mask, NaN or
  ///   `+inf`, a temperature that `temperature` applies otherwise than by dividing in `Float`,
  ///   a quotient that overflows, or a tail that does not hold); the set is then to be loaded
  ///   afresh.
  /// - Complexity: O(n): a scan, the exponential sum and a selection, vectorised; O(m) for the
  ///   m selected.
  mutating func loadTail(
    of source: UnsafeBufferPointer<Float>, temperature: Double, mass: Double, minimumKeep: Int
  ) -> Bool {
    let n = source.count
    guard n > 2048, let bound = Self.tailBound(count: n, mass: mass), bound.isNormal,
      temperature > 0, temperature.isFinite,
      let scan = FloatVectorKernels.quickScan(source), scan.maximum > -.infinity,
      !scan.hasNegativeInfinity
    else { return false }
    // `temperature` divides in Float when max / t fits and Float(t) is normal (and not at all
    // at t = 1, which dividing by 1 matches).
    let divisor = temperature == 1 ? 1 : Float(temperature)
    guard abs(Double(scan.maximum) / temperature) < Double(Float.greatestFiniteMagnitude),
      divisor.isNormal
    else { return false }
    let shift = scan.maximum / divisor
    guard shift.isFinite else { return false }
    let (sum, minimum) = FloatVectorKernels.exponentialSum(
      source, divisor: divisor, shift: shift, minimum: true)
    guard minimum > -.infinity else { return false }  // a quotient that `temperature` masks
    let factor = Float(1 / sum)
    let level = Float(SamplingMath.log(Double(bound) / Double(factor)) - 1e-3)
    let threshold = Self.smallestLogit(
      reaching: level, divisor: divisor, shift: shift, maximum: scan.maximum)
    reserve(n)
    growSelectionScratch(to: n)
    Self.grow(&scratch, to: n)
    Self.grow(&narrowScratch, to: n)
    let selected = indexScratch.withUnsafeMutableBufferPointer { positions in
      valueScratch.withUnsafeMutableBufferPointer { values in
        FloatVectorKernels.select(
          atLeast: threshold, in: source, indices: positions, selected: values)
      }
    }
    // The selected tokens' terms, by the same kernel (each term depends on its logit alone).
    valueScratch.withUnsafeBufferPointer { values in
      narrowScratch.withUnsafeMutableBufferPointer { terms in
        _ = FloatVectorKernels.exponentialSum(
          UnsafeBufferPointer(rebasing: values[0..<selected]),
          into: UnsafeMutableBufferPointer(rebasing: terms[0..<selected]), divisor: divisor,
          shift: shift)
      }
    }
    // The tail: how many reach t, their mass, and their histogram.
    Self.grow(&histogramScratch, to: 4096)
    let (found, total) = histogramScratch.withUnsafeMutableBufferPointer { histogram in
      Self.tally(narrowScratch, count: selected, factor: factor, bound: bound, into: histogram)
    }
    guard Self.tailHolds(found: found, of: n, total: total, mass: mass, minimumKeep: minimumKeep)
    else { return false }
    // top_p's next narrowing, by the histogram, made here too: only the tokens that pass both
    // are written.
    var lowest = bound
    if found > 2048,
      let histogramBound = TopP.supersetBound(histogram: histogramScratch, mass: mass)
    {
      let candidate = Float(histogramBound)
      let enough =
        minimumKeep == 1
        || narrowScratch[0..<selected].count(where: { $0 * factor >= candidate }) >= minimumKeep
      if enough { lowest = max(bound, candidate) }
    }
    let kept = tokens.withUnsafeMutableBufferPointer { ids in
      logits.withUnsafeMutableBufferPointer { quotients in
        scratch.withUnsafeMutableBufferPointer { probabilities in
          Self.gather(
            selected, positions: indexScratch, logits: valueScratch, terms: narrowScratch,
            factor: factor, lowest: lowest, divisor: divisor,
            into: (ids: ids, logits: quotients, probabilities: probabilities))
        }
      }
    }
    count = kept
    order = .byToken
    return true
  }

  /// Counts the first `count` terms whose probability `term · factor` is at least `bound`,
  /// sums those probabilities, and fills the first 2,048 elements of `histogram` with their
  /// mass per bucket (``TopP/bucket(of:)``); `histogram` must hold 4,096.
  static func tally(
    _ terms: [Float], count: Int, factor: Float, bound: Float,
    into histogram: UnsafeMutableBufferPointer<Double>
  ) -> (found: Int, total: Double) {
    histogram.update(repeating: 0)
    var found = 0
    terms.withUnsafeBufferPointer { terms in
      for index in 0..<count {
        let probability = terms[index] * factor
        guard probability >= bound else { continue }
        // Two histograms, by parity, so that neighbours in the same bucket do not wait on
        // each other's additions (merged below).
        histogram[TopP.bucket(of: probability) | (found & 1) << 11] += Double(probability)
        found += 1
      }
    }
    var total = 0.0
    for bucket in 0..<2048 {
      histogram[bucket] += histogram[2048 + bucket]
      total += histogram[bucket]  // any order: the check needs a sound total
    }
    return (found, total)
  }

  /// Writes, in order, the first `count` selected tokens whose probability `term · factor` is
  /// at least `lowest`: their ids, their logits divided by `divisor`, their probabilities;
  /// returns how many there are.
  static func gather(
    _ count: Int, positions: [Int32], logits: [Float], terms: [Float], factor: Float,
    lowest: Float, divisor: Float,
    into output: (
      ids: UnsafeMutableBufferPointer<Int32>, logits: UnsafeMutableBufferPointer<Float>,
      probabilities: UnsafeMutableBufferPointer<Double>
    )
  ) -> Int {
    var kept = 0
    positions.withUnsafeBufferPointer { positions in
      logits.withUnsafeBufferPointer { logits in
        terms.withUnsafeBufferPointer { terms in
          for index in 0..<count {
            let probability = terms[index] * factor
            guard probability >= lowest else { continue }
            output.ids[kept] = positions[index]
            output.logits[kept] = logits[index] / divisor
            output.probabilities[kept] = Double(probability)
            kept += 1
          }
        }
      }
    }
    return kept
  }

  /// The smallest `Float` logit `z ≤ maximum` whose exponent `z / divisor − shift`, rounded as
  /// the kernel rounds it, is at least `level` (which `maximum`'s, 0, must reach).
  ///
  /// - Complexity: O(32) bisection steps over the `Float`s in order.
  static func smallestLogit(reaching level: Float, divisor: Float, shift: Float, maximum: Float)
    -> Float
  {
    func reaches(_ key: UInt32) -> Bool {
      let logit = RadixSorter.float(orderedKey: key)
      return (divisor == 1 ? logit : logit / divisor) - shift >= level
    }
    var low = RadixSorter.orderedKey(-Float.greatestFiniteMagnitude)
    var high = RadixSorter.orderedKey(maximum)
    if reaches(low) { return -.greatestFiniteMagnitude }
    // Invariant: `low` does not reach the level, `high` does.
    while high - low > 1 {
      let middle = low + (high - low) / 2
      if reaches(middle) { high = middle } else { low = middle }
    }
    return RadixSorter.float(orderedKey: high)
  }
}
