import KelvinCore

/// Fused first passes: when a chain starts with `top_k` (optionally after a temperature), the
/// candidate set is built by one selecting pass over the raw logits instead of a copy of the
/// whole vocabulary followed by a pass per processor. The results are exactly those of the
/// processors run one after another (the tests compare them on random inputs).
extension SamplerChain {
  /// Builds the candidate set for the leading `[temperature] top_k` of the chain, when the
  /// chain has that shape; returns how many processors the fused pass has applied (0 when it
  /// does not apply, and then nothing was done).
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
    guard position < processors.count, let topK = processors[position] as? TopK,
      !topK.keepsTies, topK.k > 0
    else { return 0 }
    let k = max(topK.k, topK.minimumKeep)
    guard k <= logits.count / 8 else { return 0 }
    guard let selected = FloatVectorKernels.largest(k, in: logits) else {
      try candidates.load(logits)  // reports the invalid logit with its index
      return 0
    }
    guard !selected.values.isEmpty else {
      throw KelvinError.everyLogitMasked(count: logits.count)
    }
    var tokens = selected.indices
    var values = selected.values
    if let temperature {
      // Temperature shifts everything when max / t would overflow Float; leave that to it.
      guard abs(Double(values[0]) / temperature) < Double(Float.greatestFiniteMagnitude) else {
        try candidates.load(logits)
        return 0
      }
    }
    if let temperature, values.count == k {
      // Division can make a value just below the k-th equal to it after rounding; such a
      // token with a lower id must then win the tie. Gather every raw value that divides to
      // the k-th divided value and select again on the divided values.
      let divisor = Float(temperature)
      let boundary = values[k - 1]
      let divided = boundary / divisor
      var lowest = boundary
      var steps = 0
      while lowest.nextDown / divisor == divided, steps < 1024 {
        lowest = lowest.nextDown
        steps += 1
      }
      if steps == 1024 { return 0 }
      if lowest < boundary {
        // The raw values in [lowest, boundary), found with the candidate set's storage as
        // scratch, so no vocabulary-sized buffer is allocated per step.
        candidates.reserve(logits.count)
        let found = candidates.tokens.withUnsafeMutableBufferPointer { ids in
          candidates.logits.withUnsafeMutableBufferPointer { kept in
            FloatVectorKernels.select(atLeast: lowest, in: logits, indices: ids, selected: kept)
          }
        }
        for position in 0..<found where candidates.logits[position] < boundary {
          tokens.append(candidates.tokens[position])
          values.append(candidates.logits[position])
        }
      }
      // Values whose quotient underflows to -inf are masked, as `temperature` masks them.
      var pairs = zip(tokens, values).map { (token: $0, logit: $1 / divisor) }
        .filter { $0.logit > -.infinity }
      pairs.sort { $0.logit > $1.logit || ($0.logit == $1.logit && $0.token < $1.token) }
      pairs.removeLast(max(0, pairs.count - k))
      tokens = pairs.map(\.token)
      values = pairs.map(\.logit)
    }
    candidates.replace(tokens: tokens, logits: values, order: .byLogitDescending)
    return position + 1
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
    let threshold = Double(scan.maximum) + SamplingMath.log(minP.p)
    var bound = Float(threshold)
    if Double(bound) < threshold { bound = bound.nextUp }
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

  /// Replaces the candidates.
  mutating func replace(tokens newTokens: [Int32], logits newLogits: [Float], order newOrder: Order)
  {
    let n = newTokens.count
    if tokens.count < n {
      tokens = [Int32](repeating: 0, count: n)
      logits = [Float](repeating: 0, count: n)
    }
    for index in 0..<n {
      tokens[index] = newTokens[index]
      logits[index] = newLogits[index]
    }
    count = n
    order = newOrder
  }
}
