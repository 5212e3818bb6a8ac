import KelvinCore

/// Fused first passes: when a chain starts with `top_k` or `top_p` (either optionally after a
/// temperature) or with `min_p`, the candidate set is built from a few passes over the raw
/// logits instead of a copy of the whole vocabulary followed by a pass per processor. The
/// results are exactly those of the processors run one after another (the tests compare them
/// on random inputs).
extension SamplerChain {
  /// Builds the candidate set for the leading `[temperature] top_k`, `[temperature] top_p` or
  /// `min_p` of the chain, when the chain has that shape; returns how many processors the fused
  /// pass has applied (0 when it does not apply, and then the set is to be loaded afresh).
  mutating func fusedFront(_ logits: UnsafeBufferPointer<Float>) throws -> Int {
    if let minP = processors.first as? MinP, minP.p > 0, logits.count >= 1024 {
      return try fusedMinP(minP, logits)
    }
    var position = 0
    var temperature: Double?
    if let first = processors.first as? Temperature {
      guard first.temperature > 0, first.temperature.isFinite,
        Float(first.temperature).isNormal
      else { return 0 }
      temperature = first.temperature
      position = 1
    }
    if position < processors.count, let topP = processors[position] as? TopP {
      return fusedTopP(topP, temperature: temperature ?? 1, logits) ? position + 1 : 0
    }
    guard position < processors.count, let topK = processors[position] as? TopK,
      !topK.keepsTies, topK.k > 0
    else { return 0 }
    let k = max(topK.k, topK.minimumKeep)
    guard k <= logits.count / 8 else { return 0 }
    // Selected straight into the candidate set's storage (grown once, reused every step).
    candidates.reserve(logits.count)
    let selected = candidates.tokens.withUnsafeMutableBufferPointer { ids in
      candidates.logits.withUnsafeMutableBufferPointer { values in
        FloatVectorKernels.largest(k, in: logits, indices: ids, values: values)
      }
    }
    guard let selected else {
      try candidates.load(logits)  // reports the invalid logit with its index
      return 0
    }
    guard selected > 0 else { throw KelvinError.everyLogitMasked(count: logits.count) }
    candidates.count = selected
    candidates.order = .byLogitDescending
    guard let temperature else { return position + 1 }
    // Temperature shifts everything when max / t would overflow Float; leave that to it.
    guard abs(Double(candidates.logits[0]) / temperature) < Double(Float.greatestFiniteMagnitude)
    else {
      try candidates.load(logits)
      return 0
    }
    let divisor = Float(temperature)
    var total = selected
    if selected == k {
      // Division can make a value just below the k-th equal to it after rounding; such a
      // token with a lower id must then win the tie. Gather every raw value that divides to
      // the k-th divided value and select again on the divided values.
      let boundary = candidates.logits[k - 1]
      let divided = boundary / divisor
      var lowest = boundary
      var steps = 0
      while lowest.nextDown / divisor == divided, steps < 1024 {
        lowest = lowest.nextDown
        steps += 1
      }
      if steps == 1024 {
        try candidates.load(logits)
        return 0
      }
      if lowest < boundary {
        total = candidates.appendValues(in: lowest..<boundary, of: logits, after: k)
      }
    }
    // Values whose quotient underflows to -inf are masked, as `temperature` masks them.
    var kept = 0
    for index in 0..<total {
      let quotient = candidates.logits[index] / divisor
      if quotient > -.infinity {
        candidates.tokens[kept] = candidates.tokens[index]
        candidates.logits[kept] = quotient
        kept += 1
      }
    }
    candidates.tokens.withUnsafeMutableBufferPointer { ids in
      candidates.logits.withUnsafeMutableBufferPointer { values in
        PairSort.sortByValueDescending(ids: ids, values: values, count: kept)
      }
    }
    candidates.count = min(kept, k)
    return position + 1
  }
}

extension SamplerChain {
  /// A leading `[temperature] top_p` on a large vocabulary, loaded from the raw logits.
  ///
  /// The candidates above top_p's tail threshold are loaded straight from the raw logits
  /// (``CandidateSet/loadTail(of:temperature:mass:minimumKeep:)``, which also makes top_p's
  /// histogram narrowing), then top_p cuts them as it would have. Returns `false`, leaving the
  /// set to be loaded afresh, when the shortcut does not apply.
  mutating func fusedTopP(_ topP: TopP, temperature: Double, _ logits: UnsafeBufferPointer<Float>)
    -> Bool
  {
    guard topP.p < 1,
      candidates.loadTail(
        of: logits, temperature: temperature, mass: topP.p, minimumKeep: topP.minimumKeep)
    else { return false }
    var probabilities: [Double] = []
    swap(&probabilities, &candidates.scratch)
    topP.cut(&candidates, probabilities: &probabilities)
    candidates.recycle(&probabilities)
    return true
  }
}

extension SamplerChain {
  /// A leading `min_p`: one scan for the maximum (and the checks), one selecting pass for the
  /// survivors, in token order — what loading everything and filtering would leave.
  mutating func fusedMinP(_ minP: MinP, _ logits: UnsafeBufferPointer<Float>) throws -> Int {
    guard let scan = FloatVectorKernels.quickScan(logits), scan.maximum > -.infinity else {
      try candidates.load(logits)  // reports the error
      return 0
    }
    let bound = CandidateSet.smallestFloat(notBelow: minP.threshold(maximum: scan.maximum))
    candidates.reserve(logits.count)
    let found = candidates.tokens.withUnsafeMutableBufferPointer { ids in
      candidates.logits.withUnsafeMutableBufferPointer { kept in
        FloatVectorKernels.select(atLeast: bound, in: logits, indices: ids, selected: kept)
      }
    }
    guard found >= minP.minimumKeep else {
      try candidates.load(logits)
      return 0
    }
    candidates.count = found
    candidates.order = .byToken
    return 1
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
