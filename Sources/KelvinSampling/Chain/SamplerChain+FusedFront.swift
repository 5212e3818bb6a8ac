import KelvinCore

/// Fused first passes: when a chain starts with `top_k` or `top_p` (either optionally after a
/// temperature) or with `min_p`, the candidate set is built from a few passes over the raw
/// logits instead of a copy of the whole vocabulary followed by a pass per processor. The
/// results are exactly those of the processors run one after another: the temperature is
/// applied by the same ``TemperaturePlan``, and the tests compare fused chains with the same
/// chains run with ``SamplerChain/fusesFirstPasses`` off.
extension SamplerChain {
  /// What a fused first pass did.
  enum FusedStart: Equatable {
    /// The chain does not start with a fusable shape, or the shortcut does not apply to these
    /// logits: the set is to be loaded and every processor run.
    case notApplied
    /// The set holds what the first `processors` processors would leave.
    case applied(processors: Int)
  }

  /// Builds the candidate set for the leading `[temperature] top_k`, `[temperature] top_p` or
  /// `min_p` of the chain, when the chain has that shape and fusion is on.
  ///
  /// - Throws: `KelvinError` for a NaN or `+inf` logit, or every logit masked, found on the way.
  mutating func fusedFront(_ logits: UnsafeBufferPointer<Float>) throws -> FusedStart {
    guard fusesFirstPasses, let first = working.first.map({ stages[$0] }) else {
      return .notApplied
    }
    if let minP = first as? MinP, logits.count >= 1024 {
      return try fusedMinP(minP, logits)
    }
    var position = 0
    var temperature = 1.0
    if let first = first as? Temperature {
      temperature = first.temperature
      position = 1
    }
    guard temperature > 0, temperature.isFinite, position < working.count else {
      return .notApplied
    }
    let next = stages[working[position]]
    if let topP = next as? TopP {
      guard topP.p > 0, topP.p < 1,
        candidates.loadNucleus(
          of: logits, temperature: temperature, mass: topP.p, minimumKeep: topP.minimumKeep)
      else { return .notApplied }
      return .applied(processors: position + 1)
    }
    if let topK = next as? TopK {
      return try fusedTopK(topK, temperature: temperature, logits)
        ? .applied(processors: position + 1) : .notApplied
    }
    return .notApplied
  }

  /// Builds the set for a leading `[temperature] top_k` from one selecting pass.
  ///
  /// The temperature is applied to the selected values only (with the raw values that tie
  /// with the k-th after the division, which it may merge). With `keep_ties`, every raw value
  /// that ties with the k-th (before or after the division) is gathered by a second selecting
  /// pass and kept.
  mutating func fusedTopK(_ topK: TopK, temperature: Double, _ logits: UnsafeBufferPointer<Float>)
    throws -> Bool
  {
    let k = max(topK.k, topK.minimumKeep)
    guard k <= logits.count / 8 else { return false }
    // Selected straight into the candidate set's storage (grown once, reused every step).
    candidates.reserve(logits.count)
    let selected = candidates.tokens.withUnsafeMutableBufferPointer { ids in
      candidates.logits.withUnsafeMutableBufferPointer { values in
        FloatVectorKernels.largest(k, in: logits, indices: ids, values: values)
      }
    }
    guard let selected else {
      try candidates.load(logits)  // reports the invalid logit with its index
      preconditionFailure("the selection reported an invalid logit that loading accepted")
    }
    guard selected > 0 else { throw KelvinError.everyLogitMasked(count: logits.count) }
    candidates.count = selected
    candidates.order = .byLogitDescending
    let plan = TemperaturePlan(temperature: temperature, maximum: candidates.logits[0])
    guard plan == .unchanged || plan.floatDivisor != nil else { return false }
    // Fewer than k finite logits: every one of them survives, nothing ties at a boundary.
    guard selected == k else { return divideSelection(plan, keeping: selected) }
    let boundary = candidates.logits[k - 1]
    // The raw values at or below the k-th that reach its processed value after the division.
    let lowest = plan == .unchanged ? boundary : plan.smallestLogit(tyingWith: boundary)
    if topK.keepsTies {
      // Every value ≥ lowest survives: the selected ones above the k-th, then all the others
      // (those equal to the k-th included) gathered again in token order.
      var above = k
      while above > 0, candidates.logits[above - 1] == boundary { above -= 1 }
      let total = candidates.appendValues(in: lowest..<boundary.nextUp, of: logits, after: above)
      return divideSelection(plan, keeping: total, of: total)
    }
    var total = selected
    if lowest < boundary {
      // Division can make a value just below the k-th equal to it after rounding; such a token
      // with a lower id must then win the tie. Gather every raw value that divides to the k-th
      // divided value and select again on the divided values.
      total = candidates.appendValues(in: lowest..<boundary, of: logits, after: k)
    }
    return divideSelection(plan, keeping: k, of: total)
  }

  /// Divides the first `total` candidates by the plan's divisor, removes the quotients that
  /// overflow to `-inf` (as `temperature` masks them), sorts by processed logit (ties by lower
  /// id) and keeps the first `kept`.
  private mutating func divideSelection(
    _ plan: TemperaturePlan, keeping kept: Int, of total: Int? = nil
  ) -> Bool {
    let total = total ?? kept
    guard plan != .unchanged || total != kept else {
      candidates.count = kept  // already sorted by the selection
      return true
    }
    var finite = 0
    for index in 0..<total {
      let quotient = plan.apply(candidates.logits[index])
      if quotient > -.infinity {
        candidates.tokens[finite] = candidates.tokens[index]
        candidates.logits[finite] = quotient
        finite += 1
      }
    }
    candidates.tokens.withUnsafeMutableBufferPointer { ids in
      candidates.logits.withUnsafeMutableBufferPointer { values in
        PairSort.sortByValueDescending(ids: ids, values: values, count: finite)
      }
    }
    candidates.count = min(finite, kept)
    return true
  }
}

extension CandidateSet {
  /// Fills the set straight from raw logits with exactly what loading every token, applying
  /// `temperature(temperature)` (1: none) and running top_p would leave, in token order; only
  /// the nucleus is written to the set.
  ///
  /// The weights are the reproducible exponential terms of the quotients, the same bits as
  /// top_p's over the divided logits; the tokens above the tail bound are selected in the
  /// vectorised pass that sums the rest, and ``NucleusSearch`` finds the boundary among them.
  ///
  /// - Returns: `false` when this path does not apply (2,048 tokens or fewer, a mask, NaN or
  ///   `+inf`, a temperature that ``TemperaturePlan`` does not apply by dividing in `Float`, a
  ///   quotient that overflows, no tail bound, or a search that does not decide); the set is
  ///   then to be loaded afresh.
  /// - Complexity: O(n): a scan, the exponential sum and a selection, vectorised; O(m) for the
  ///   m selected.
  mutating func loadNucleus(
    of source: UnsafeBufferPointer<Float>, temperature: Double, mass p: Double, minimumKeep: Int
  ) -> Bool {
    let n = source.count
    guard n > 2048, let scan = FloatVectorKernels.quickScan(source), scan.maximum > -.infinity,
      !scan.hasNegativeInfinity,
      let divisor = TemperaturePlan(temperature: temperature, maximum: scan.maximum).floatDivisor
    else { return false }
    let shift = divisor == 1 ? scan.maximum : scan.maximum / divisor
    guard shift.isFinite else { return false }
    reserve(n)
    Self.grow(&narrowScratch, to: n)
    growSelectionScratch(to: n)
    let (total, minimum) = narrowScratch.withUnsafeMutableBufferPointer { weights in
      FloatVectorKernels.exponentialSum(
        source, into: UnsafeMutableBufferPointer(rebasing: weights[0..<n]), divisor: divisor,
        shift: shift, minimum: true)
    }
    // A quotient that overflows to -inf is a token `temperature` masks: leave that to it.
    guard minimum > -.infinity else { return false }
    let kept = narrowScratch.withUnsafeBufferPointer { weights in
      indexScratch.withUnsafeMutableBufferPointer { positions in
        valueScratch.withUnsafeMutableBufferPointer { selected -> Int? in
          let all = NucleusCandidates(
            weights: UnsafeBufferPointer(rebasing: weights[0..<n]), logits: source,
            divisor: divisor)
          guard
            let (outcome, found) = NucleusSearch.searchAboveTailBound(
              mass: p, maximum: shift, all, total: total, positions: positions,
              selected: selected, scratch: &nucleus),
            case .boundary(let boundary, let bucket, let kept) = outcome, kept >= minimumKeep
          else { return nil }
          var candidates = all
          candidates.weights = UnsafeBufferPointer(rebasing: selected[0..<found])
          candidates.positions = UnsafeBufferPointer(rebasing: positions[0..<found])
          // Only the nucleus is written to the set, in token order.
          return tokens.withUnsafeMutableBufferPointer { ids in
            logits.withUnsafeMutableBufferPointer { quotients in
              var written = 0
              NucleusSearch.forEachKept(candidates, (boundary, bucket), scratch: nucleus) {
                ids[written] = Int32(truncatingIfNeeded: candidates.position($0))
                quotients[written] = candidates.logit($0)
                written += 1
              }
              return written
            }
          }
        }
      }
    }
    guard let kept else { return false }
    count = kept
    order = .byToken
    return true
  }
}

extension SamplerChain {
  /// A leading `min_p`: one pass that validates, finds the maximum and selects the survivors
  /// against the bound of the maximum so far (``FloatVectorKernels/selectNearMaximum``), in
  /// token order — what loading everything and filtering would leave.
  mutating func fusedMinP(_ minP: MinP, _ logits: UnsafeBufferPointer<Float>) throws -> FusedStart {
    candidates.reserve(logits.count)
    let selection = candidates.tokens.withUnsafeMutableBufferPointer { ids in
      candidates.logits.withUnsafeMutableBufferPointer { kept in
        FloatVectorKernels.selectNearMaximum(
          offset: minP.logOfP, in: logits, indices: ids, selected: kept)
      }
    }
    guard let selection, selection.maximum > -.infinity else {
      try candidates.load(logits)  // reports the error
      preconditionFailure("the selection reported an error that loading accepted")
    }
    let found = selection.count
    guard found >= minP.minimumKeep else { return .notApplied }
    candidates.count = found
    candidates.order = .byToken
    return .applied(processors: 1)
  }
}

extension CandidateSet {
  /// Grows the storage to hold `n` candidates (keeping its contents' capacity for later steps).
  mutating func reserve(_ n: Int) {
    if tokens.count < n {
      tokens = [Int32](repeating: 0, count: n)
      logits = [Float](repeating: 0, count: n)
      count = 0
    }
  }

  /// Appends the tokens whose raw logit lies in `range` after the first `offset` candidates,
  /// in token order, and returns the new total; the raw values are found with scratch storage
  /// kept between steps, so nothing vocabulary-sized is allocated per token.
  ///
  /// The appended tokens are distinct from the first `offset` when those are the values at or
  /// above `range.upperBound`, so the storage (one slot per token) has room for them.
  mutating func appendValues(
    in range: Range<Float>, of source: UnsafeBufferPointer<Float>,
    after offset: Int
  ) -> Int {
    growSelectionScratch(to: source.count)
    let found = indexScratch.withUnsafeMutableBufferPointer { ids in
      valueScratch.withUnsafeMutableBufferPointer { values in
        FloatVectorKernels.select(
          atLeast: range.lowerBound, in: source, indices: ids, selected: values)
      }
    }
    var total = offset
    for index in 0..<found where valueScratch[index] < range.upperBound {
      tokens[total] = indexScratch[index]
      logits[total] = valueScratch[index]
      total += 1
    }
    return total
  }
}
