import KelvinCore

/// Where top_p's nucleus ends: every candidate whose logit is above ``logit`` is kept, and of
/// those whose logit equals it, the ones whose id is at most ``token``.
struct NucleusBoundary: Sendable, Equatable {
  /// The logit of the last token kept in the order by logit descending, ties by lower id.
  var logit: Float
  /// Its id.
  var token: Int32

  /// Whether a candidate is in the nucleus.
  @inline(__always)
  func keeps(token: Int32, logit: Float) -> Bool {
    logit > self.logit || (logit == self.logit && token <= self.token)
  }
}

/// The candidates a nucleus search looks at: their weights, in the set's order, and where to
/// read each one's id and logit — a position into `logits` (and `tokens`), by `positions` or
/// the candidate's own index when there are none.
struct NucleusCandidates {
  /// The exponential terms, one per candidate.
  var weights: UnsafeBufferPointer<Float>
  /// Each candidate's position in `logits`; `nil`: the candidate's index.
  var positions: UnsafeBufferPointer<Int32>?
  /// Token ids by position; `nil`: the position is the id (raw logits of a vocabulary).
  var tokens: UnsafeBufferPointer<Int32>?
  /// Logits by position, processed or, with a `divisor` other than 1, raw.
  var logits: UnsafeBufferPointer<Float>
  /// What the raw logits are divided by (``TemperaturePlan/floatDivisor``).
  var divisor: Float = 1

  var count: Int { weights.count }

  @inline(__always)
  func position(_ index: Int) -> Int { positions.map { Int($0[index]) } ?? index }

  @inline(__always)
  func id(_ index: Int) -> Int32 {
    let position = position(index)
    return tokens.map { $0[position] } ?? Int32(truncatingIfNeeded: position)
  }

  @inline(__always)
  func logit(_ index: Int) -> Float {
    let value = logits[position(index)]
    return divisor == 1 ? value : value / divisor
  }
}

/// Working storage of the nucleus search, kept between steps so that no step allocates.
struct NucleusScratch: Sendable {
  var ids: [Int32] = []
  var logits: [Float] = []
  var weights: [Float] = []
  var keys: [UInt64] = []
  var exact: [Double] = []
  /// The candidates whose weight reaches the crossing bucket (indices into the candidates,
  /// ascending) and their weights: the nucleus is among them.
  var survivors: [Int32] = []
  var survivorWeights: [Float] = []
  var survivorCount = 0
  var masses = [Double](repeating: 0, count: 2 * NucleusSearch.bucketCount)
  var counts = [Int32](repeating: 0, count: 2 * NucleusSearch.bucketCount)
  var sorter = RadixSorter()
}

/// The exact search for top_p's nucleus.
///
/// The nucleus: the candidates ordered by logit descending, ties by lower id, and the shortest
/// prefix of that order whose probability reaches p. Equivalently, and this is how it is
/// computed, the longest suffix whose mass is at most (1 − p) · Σ is removed. Summing the
/// removed tail from the bottom keeps each comparison as accurate as the small numbers in it;
/// a running sum from the top compares two numbers near 1 and loses the tail in their rounding
/// (Σp of `Float` probabilities is 1 ± 6e-8, which at p = 0.999999 misplaced 1 to 128 tokens
/// at V = 32,000). transformers' `TopPLogitsWarper` also cuts from the bottom.
///
/// The weights are the `Float` terms `exp(fl(l − max))` of the canonical exp (the reproducible
/// exponential sum's), so the search gives the same answer on every CPU. Each term is within a
/// relative ``termError(_:)`` of the exact `exp(l − max)` (the rounding of the exponent carried
/// through exp, and the canonical exp's 1.016 ulp), and the search carries these bounds along:
/// every decision (that the tokens outside a superset may all go, that the crossing lies in one
/// histogram bucket, that the boundary token stays and the ones below it go) is accepted only
/// when its margin exceeds the bound. Otherwise the search reports ``Outcome/uncertain`` and
/// ``exactBoundary(mass:ids:logits:scratch:)`` decides in `Double` from the logits, with
/// compensated sums; on random logits that happens about once in a thousand cuts. The result is
/// the nucleus of the exact probabilities of the candidates' logits, the reference the tests
/// compare with.
enum NucleusSearch {
  /// The result of ``search(mass:maximum:_:rest:restCount:scratch:)``.
  enum Outcome: Equatable {
    /// The nucleus ends at `boundary` and holds `kept` of the candidates. With a `bucket` (the
    /// histogram bucket where the cut lies), the candidates in a higher bucket are all kept,
    /// those in a lower one all removed, and the boundary decides the rest; the scratch
    /// storage then holds the candidates from that bucket up (``forEachKept(_:_:scratch:_:)``).
    case boundary(NucleusBoundary, bucket: Int?, kept: Int)
    /// The candidates given are not certainly a superset of the nucleus.
    case notSuperset
    /// A margin was below its error bound; decide with ``exactBoundary(mass:ids:logits:scratch:)``.
    case uncertain
  }

  static let bucketCount = 2048

  /// The bound on the relative error of a weight whose exponent is `x` below the maximum
  /// (`x ≥ 0`): the exponent's rounding, at most half an ulp of x (so `x · 2⁻²⁴`), changes the
  /// exponential by that factor; the canonical exp adds at most 1.016 ulp (1.22e-7), rounded up.
  @inline(__always)
  static func termError(_ x: Double) -> Double { x * 0x1.0008p-24 + 1.25e-7 }

  /// A flushed term (exponent below -87.3, weight 0) stands for at most exp(-87.3) < 1.2e-38.
  static let flushedTerm = 1.2e-38

  /// The error bound of a weight below the selection bound, whose exponent is at most 87.3
  /// below the maximum (or that is flushed to 0).
  static let outsideTermError = termError(87.3)

  /// The histogram bucket of a weight: its exponent and top three mantissa bits, so the bounds
  /// of buckets of normal weights grow by at most 9/8 and the bucket is monotone in the weight
  /// (and so in the logit).
  @inline(__always)
  static func bucket(of weight: Float) -> Int { Int((weight.bitPattern >> 20) & 0x7FF) }

  /// The error bound of the weights in `bucket`: their exponent is at most −ln of the bucket's
  /// smallest weight (plus the weight's own error, far below 1e-6).
  static func bucketError(_ bucket: Int) -> Double {
    guard bucket > 0 else { return outsideTermError }
    let lowest = Double(Float(bitPattern: UInt32(bucket) << 20))
    return termError(-SamplingMath.log(lowest) + 1e-6)
  }

  /// The smallest weight in `bucket`.
  @inline(__always)
  static func lowestWeight(in bucket: Int) -> Float { Float(bitPattern: UInt32(bucket) << 20) }

  /// Calls `body` with the index of every candidate in the nucleus that `search` found (the
  /// boundary and crossing bucket of its outcome), in ascending order.
  static func forEachKept(
    _ candidates: NucleusCandidates, _ cut: (NucleusBoundary, bucket: Int?),
    scratch: NucleusScratch, _ body: (Int) -> Void
  ) {
    guard let bucket = cut.bucket else {
      for index in 0..<candidates.count
      where cut.0.keeps(token: candidates.id(index), logit: candidates.logit(index)) {
        body(index)
      }
      return
    }
    // Above the crossing bucket every candidate is kept; in it, the boundary decides.
    let upper = lowestWeight(in: bucket + 1)
    for survivor in 0..<scratch.survivorCount {
      let index = Int(scratch.survivors[survivor])
      if scratch.survivorWeights[survivor] >= upper
        || cut.0.keeps(token: candidates.id(index), logit: candidates.logit(index))
      {
        body(index)
      }
    }
  }

  /// Finds the boundary of the nucleus among `candidates`.
  ///
  /// Together with `restCount` candidates of total weight `rest`, all below them in logit,
  /// they make up the whole set. `maximum` is the largest logit of the set (the weights'
  /// shift).
  ///
  /// - Complexity: O(m) for m candidates (one histogram pass), plus a sort of the histogram
  ///   bucket where the crossing lies (or of all m when m ≤ 1,024 or the bucket is uncertain).
  static func search(
    mass p: Double, maximum: Float, _ candidates: NucleusCandidates, rest: Double,
    restCount: Int, scratch: inout NucleusScratch
  ) -> Outcome {
    let m = candidates.count
    guard m > 0 else { return .notSuperset }
    let top = Double(maximum)
    var sum = 0.0
    var error = 0.0
    if m > 1024 {
      // The histogram narrows the sort below; its buckets bound the weights' errors.
      fillHistogram(candidates.weights, into: &scratch)
      for bucket in 0..<bucketCount where scratch.counts[bucket] > 0 {
        sum += scratch.masses[bucket]
        error += scratch.masses[bucket] * bucketError(bucket)
      }
      error += Double(scratch.counts[0]) * flushedTerm
    } else {
      for index in 0..<m {
        let weight = Double(candidates.weights[index])
        sum += weight
        error +=
          weight > 0
          ? weight * termError(top - Double(candidates.logit(index))) : flushedTerm
      }
    }
    // The rest comes from the kernel's float lanes, 16 terms to a lane in each block of 256,
    // the blocks added in double.
    let restRounding = rest * (16 * 0x1p-24 + Double(restCount / 256 + 4) * 0x1p-53)
    let restError = rest * outsideTermError + Double(restCount) * flushedTerm + restRounding
    let total = rest + sum
    let totalError = error + restError + total * Double(m + 4) * 0x1p-53
    let threshold = (1 - p) * total
    let thresholdError = (1 - p) * totalError + threshold * 0x1p-52
    if restCount > 0, !(rest + restError <= threshold - thresholdError) { return .notSuperset }

    // The candidates to order: the histogram bucket where the cut lies, when that is certain.
    var base = rest
    var baseError = restError
    var crossing: Int?
    var keptAbove = 0
    if m > 1024 {
      var below = rest
      var belowError = restError
      for bucket in 0..<bucketCount where scratch.counts[bucket] > 0 {
        let mass = scratch.masses[bucket]
        let massError = mass * bucketError(bucket)
        if below + mass > threshold {
          let rounding = below * Double(m) * 0x1p-53
          if below + belowError + rounding <= threshold - thresholdError,
            below + mass - belowError - massError - rounding > threshold + thresholdError
          {
            crossing = bucket
            base = below
            baseError = belowError + rounding
          }
          break
        }
        below += mass
        belowError += massError
      }
      if let crossing {
        for bucket in (crossing + 1)..<bucketCount { keptAbove += Int(scratch.counts[bucket]) }
      }
    }
    if let crossing {
      selectSurvivors(candidates, from: crossing, into: &scratch)
    } else {
      gather(candidates, bucket: nil, into: &scratch)
    }
    let q = sortDescending(&scratch)

    // Remove from the bottom while the removed mass stays within the threshold.
    var suffix = base
    var suffixError = baseError
    var position = q
    while position > 0 {
      let entry = Int(truncatingIfNeeded: scratch.keys[position - 1] & 0xFFFF_FFFF)
      let weight = Double(scratch.weights[entry])
      guard suffix + weight <= threshold else { break }
      suffix += weight
      suffixError += weight * termError(top - Double(scratch.logits[entry])) + suffix * 0x1p-53
      position -= 1
    }
    guard position > 0 else { return .uncertain }
    let entry = Int(truncatingIfNeeded: scratch.keys[position - 1] & 0xFFFF_FFFF)
    let weight = Double(scratch.weights[entry])
    let weightError = weight * termError(top - Double(scratch.logits[entry]))
    guard suffix + suffixError <= threshold - thresholdError,
      suffix + weight - suffixError - weightError > threshold + thresholdError
    else { return .uncertain }
    let boundary = NucleusBoundary(logit: scratch.logits[entry], token: scratch.ids[entry])
    return .boundary(boundary, bucket: crossing, kept: keptAbove + position)
  }

  /// The weight bounds below which tokens certainly fall outside the nucleus, tightest first.
  ///
  /// The tokens below `(1 − p − 0.001) · Σ / n` carry less than `(1 − p − 0.001) · Σ` together;
  /// 64 times that bound usually still leaves the nucleus above it (the search checks) and
  /// selects far fewer tokens. Empty when p is too close to 1 for a bound.
  static func tailBounds(count n: Int, mass p: Double, total: Double) -> (Float, Float)? {
    let slack = 1 - p - 0.001
    guard slack > 0 else { return nil }
    let bound = Float(slack * total / Double(n)).nextDown
    guard bound.isNormal else { return nil }
    return (max(bound, min(bound * 64, Float(slack * total).nextDown)), bound)
  }

  /// The search over the candidates whose weight is at least a tail bound, trying the bounds of
  /// ``tailBounds(count:mass:total:)`` in turn, when there are more than 2,048 candidates.
  ///
  /// `candidates` are all n candidates with their weights (which sum to `total`); the selected
  /// positions and weights are written to `positions` and `selected` (each n long).
  ///
  /// - Returns: The first outcome other than ``Outcome/notSuperset`` and how many candidates
  ///   it searched (the first that many of `positions` and `selected`), or `nil`.
  static func searchAboveTailBound(
    mass p: Double, maximum: Float, _ candidates: NucleusCandidates, total: Double,
    positions: UnsafeMutableBufferPointer<Int32>, selected: UnsafeMutableBufferPointer<Float>,
    scratch: inout NucleusScratch
  ) -> (Outcome, selected: Int)? {
    let n = candidates.count
    guard n > 2048 else { return nil }
    guard let (tight, loose) = tailBounds(count: n, mass: p, total: total) else { return nil }
    for attempt in 0..<2 {
      if attempt == 1 && tight == loose { break }
      let bound = attempt == 0 ? tight : loose
      let (found, rest) = FloatVectorKernels.selectSummingRest(
        atLeast: bound, in: candidates.weights, indices: positions, selected: selected)
      guard found < n / 2 else { return nil }
      var superset = candidates
      superset.weights = UnsafeBufferPointer(rebasing: selected[0..<found])
      superset.positions = UnsafeBufferPointer(rebasing: positions[0..<found])
      let outcome = search(
        mass: p, maximum: maximum, superset, rest: rest, restCount: n - found, scratch: &scratch)
      if outcome != .notSuperset { return (outcome, found) }
    }
    return nil
  }

  /// The nucleus of the exact probabilities of `logits`, decided in `Double`.
  ///
  /// The terms `exp(l − max)` come from the C library; their sum and the removed tail (from the
  /// bottom) are compensated. The slow path for the rare uncertain cut.
  ///
  /// - Returns: The boundary and how many of the candidates it keeps.
  /// - Complexity: O(n) exponentials and a radix sort of the n candidates.
  static func exactBoundary(
    mass p: Double, ids: UnsafeBufferPointer<Int32>, logits: UnsafeBufferPointer<Float>,
    scratch: inout NucleusScratch
  ) -> (NucleusBoundary, kept: Int) {
    let n = ids.count
    let maximum = Double(logits.max() ?? 0)
    CandidateSet.grow(&scratch.exact, to: n)
    var total = CompensatedSum()
    for index in 0..<n {
      let term = SamplingMath.exp(Double(logits[index]) - maximum)
      scratch.exact[index] = term
      total.add(term)
    }
    let threshold = (1 - p) * total.value
    gather(
      NucleusCandidates(weights: logits, tokens: ids, logits: logits), bucket: nil, into: &scratch)
    let count = sortDescending(&scratch)
    var suffix = CompensatedSum()
    var position = count
    while position > 1 {
      let entry = Int(truncatingIfNeeded: scratch.keys[position - 1] & 0xFFFF_FFFF)
      var removed = suffix
      removed.add(scratch.exact[entry])
      guard removed.value <= threshold else { break }
      suffix = removed
      position -= 1
    }
    let entry = Int(truncatingIfNeeded: scratch.keys[position - 1] & 0xFFFF_FFFF)
    return (NucleusBoundary(logit: scratch.logits[entry], token: scratch.ids[entry]), position)
  }

  /// Fills `scratch.masses` and `scratch.counts` (their first ``bucketCount`` elements) with
  /// the weight and number of candidates per bucket.
  static func fillHistogram(
    _ weights: UnsafeBufferPointer<Float>, into scratch: inout NucleusScratch
  ) {
    FloatVectorKernels.histogram(weights, masses: &scratch.masses, counts: &scratch.counts)
  }

  /// Selects the candidates whose weight reaches `bucket` into the survivors (one vectorised
  /// pass), and copies those in `bucket` itself, with their ids and logits, into the scratch
  /// arrays to be ordered.
  static func selectSurvivors(
    _ candidates: NucleusCandidates, from bucket: Int, into scratch: inout NucleusScratch
  ) {
    let m = candidates.count
    CandidateSet.grow(&scratch.survivors, to: m)
    CandidateSet.grow(&scratch.survivorWeights, to: m)
    scratch.survivorCount = scratch.survivors.withUnsafeMutableBufferPointer { indices in
      scratch.survivorWeights.withUnsafeMutableBufferPointer { weights in
        FloatVectorKernels.select(
          atLeast: lowestWeight(in: bucket), in: candidates.weights, indices: indices,
          selected: weights)
      }
    }
    let upper = lowestWeight(in: bucket + 1)
    let count = scratch.survivorCount
    CandidateSet.grow(&scratch.ids, to: count)
    CandidateSet.grow(&scratch.logits, to: count)
    CandidateSet.grow(&scratch.weights, to: count)
    var gathered = 0
    for survivor in 0..<count where scratch.survivorWeights[survivor] < upper {
      let index = Int(scratch.survivors[survivor])
      scratch.ids[gathered] = candidates.id(index)
      scratch.logits[gathered] = candidates.logit(index)
      scratch.weights[gathered] = scratch.survivorWeights[survivor]
      gathered += 1
    }
    scratch.ids.removeSubrange(gathered...)
  }

  /// Copies the candidates in `bucket` (all of them when `nil`) into the scratch arrays, in
  /// order, with their ids and logits.
  static func gather(
    _ candidates: NucleusCandidates, bucket: Int?, into scratch: inout NucleusScratch
  ) {
    let m = candidates.count
    CandidateSet.grow(&scratch.ids, to: m)
    CandidateSet.grow(&scratch.logits, to: m)
    CandidateSet.grow(&scratch.weights, to: m)
    var count = 0
    scratch.ids.withUnsafeMutableBufferPointer { ids in
      scratch.logits.withUnsafeMutableBufferPointer { logits in
        scratch.weights.withUnsafeMutableBufferPointer { weights in
          for index in 0..<m {
            let weight = candidates.weights[index]
            if let bucket, Self.bucket(of: weight) != bucket { continue }
            ids[count] = candidates.id(index)
            logits[count] = candidates.logit(index)
            weights[count] = weight
            count += 1
          }
        }
      }
    }
    scratch.ids.removeSubrange(count...)
  }

  /// Orders the gathered candidates by logit descending, ties by lower id.
  ///
  /// Afterwards `keys` holds, in that order, each candidate's index in the scratch arrays in
  /// its low word. Returns the number of candidates.
  static func sortDescending(_ scratch: inout NucleusScratch) -> Int {
    let count = scratch.ids.count
    CandidateSet.grow(&scratch.keys, to: count)
    for index in 0..<count {
      // Descending logit: the complement of the ascending key; stable, so ties stay in
      // gathering order, then by id below.
      scratch.keys[index] =
        UInt64(~RadixSorter.orderedKey(scratch.logits[index])) << 32 | UInt64(index)
    }
    scratch.keys.withUnsafeMutableBufferPointer { keys in
      if count <= 64 {
        // Insertion sort by the high word, stable: a few dozen keys (after top_k).
        for index in 1..<max(count, 1) {
          let key = keys[index]
          var position = index
          while position > 0, keys[position - 1] >> 32 > key >> 32 {
            keys[position] = keys[position - 1]
            position -= 1
          }
          keys[position] = key
        }
      } else {
        scratch.sorter.sortByHighWord(keys, count: count)
      }
    }
    // Runs of equal logits by id (the candidates may arrive in any order).
    var start = 0
    while start < count {
      var end = start + 1
      while end < count, scratch.keys[end] >> 32 == scratch.keys[start] >> 32 { end += 1 }
      if end - start > 1 {
        let ids = scratch.ids
        func id(_ key: UInt64) -> Int32 { ids[Int(truncatingIfNeeded: key & 0xFFFF_FFFF)] }
        let run = scratch.keys[start..<end]
        if !zip(run, run.dropFirst()).allSatisfy({ id($0) < id($1) }) {
          scratch.keys[start..<end].sort { id($0) < id($1) }
        }
      }
      start = end
    }
    return count
  }
}
