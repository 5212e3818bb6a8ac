import CKelvinKernels

/// Vectorised scans over `Float` buffers that the sampler chain builds on.
///
/// All run on `SIMD16<Float>` with a scalar tail and give exactly the results of the obvious
/// scalar loop. They are not inlinable, so that one compiled copy serves every caller.
public enum FloatVectorKernels {
  typealias Vector = SIMD16<Float>

  /// What one pass over logits finds.
  public struct Scan: Sendable, Equatable {
    /// The largest value that is not NaN (`-inf` for an empty buffer).
    public var maximum: Float
    /// The smallest value that is not NaN (`+inf` for an empty buffer).
    public var minimum: Float
    /// Whether any value is NaN or `+inf`.
    public var hasInvalid: Bool
    /// Whether any value is `-inf`.
    public var hasNegativeInfinity: Bool
  }

  /// The softmax (or log-softmax) of `values` at `temperature` with the same bits on every CPU,
  /// for results that decisions depend on (the sampler chain): the terms and their sum come
  /// from ``exponentialSum(_:into:divisor:shift:scale:)``.
  ///
  /// - Returns: `false` (nothing written) for empty, all-masked, NaN or `+inf` input, or a
  ///   temperature outside the fast path (then use the throwing `softmax(temperature:into:)`).
  public static func portableSoftmax(
    _ values: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>,
    temperature: Double = 1, logarithm: Bool = false
  ) -> Bool {
    precondition(values.count == output.count)
    guard FloatSoftmaxKernels.accepts(temperature: temperature) else { return false }
    return FloatSoftmaxKernels.portableSoftmax(
      values, into: output, temperature: temperature, logarithm: logarithm)
  }

  /// The reproducible exponential sum, with the same bits on every CPU and instruction set.
  ///
  /// Writes `t_i = exp((values[i] / divisor - shift) · scale)` to `output` (when given) and
  /// returns `Σ t_i` and the smallest quotient `values[i] / divisor`. The C kernel follows
  /// ``exponentialSumReference(_:into:divisor:shift:scale:)`` operation for operation.
  /// Sampling decisions rest on it.
  ///
  /// Arguments `(values[i] / divisor - shift) · scale` must be ≤ 0 or `-inf`; those below -87.3
  /// give 0. Each term is within a few ulps of the true exponential.
  ///
  /// - Complexity: O(n), vectorised (AVX-512 or AVX2 when the CPU has them).
  public static func exponentialSum(
    _ values: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>? = nil,
    divisor: Float = 1, shift: Float, scale: Float = 1
  ) -> (sum: Double, minimum: Float) {
    precondition(output.map { $0.count >= values.count } ?? true)
    guard let base = values.baseAddress else { return (0, .infinity) }
    var minimum: Float = 0
    let sum = kelvin_exp_sum_f32(
      base, output?.baseAddress, values.count, divisor, shift, scale, &minimum)
    return (sum, minimum)
  }

  /// The Swift definition of ``exponentialSum(_:into:divisor:shift:scale:)``: the same bits, in
  /// portable Swift (the reference the tests hold the C kernel to).
  public static func exponentialSumReference(
    _ values: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>? = nil,
    divisor: Float = 1, shift: Float, scale: Float = 1
  ) -> (sum: Double, minimum: Float) {
    precondition(output.map { $0.count >= values.count } ?? true)
    return FloatSoftmaxKernels.exponentiateReference(
      values, into: output, divisor: divisor, shift: shift, scale: scale)
  }

  /// Divides every element by `divisor` in place (each quotient correctly rounded, as `/`).
  ///
  /// - Complexity: O(n), vectorised.
  public static func divide(_ values: UnsafeMutableBufferPointer<Float>, by divisor: Float) {
    guard let base = values.baseAddress else { return }
    let raw = UnsafeMutableRawPointer(base)
    let divisors = Vector(repeating: divisor)
    var index = 0
    while index + 16 <= values.count {
      let value = raw.loadUnaligned(fromByteOffset: index * 4, as: Vector.self)
      raw.storeBytes(of: value / divisors, toByteOffset: index * 4, as: Vector.self)
      index += 16
    }
    while index < values.count {
      base[index] /= divisor
      index += 1
    }
  }

  /// ``scan(_:)`` without the minimum, by the C kernel (AVX-512 when the CPU has it).
  ///
  /// - Returns: `nil` when a value is NaN or `+inf`; else the maximum (`-inf` when every value
  ///   is masked or there is none) and whether any value is `-inf`.
  public static func quickScan(_ values: UnsafeBufferPointer<Float>) -> (
    maximum: Float, hasNegativeInfinity: Bool
  )? {
    guard let base = values.baseAddress else { return (-.infinity, false) }
    var maximum: Float = -.infinity
    var masked: Int32 = 0
    guard kelvin_scan_f32(base, values.count, &maximum, &masked) == Int32(KELVIN_OK) else {
      return nil
    }
    return (maximum, masked != 0)
  }

  /// Writes the indices and values of every element `≥ threshold`, in index order.
  ///
  /// The given buffers must each be at least `values.count` long; returns how many were
  /// written. Entries past that count may be overwritten.
  ///
  /// - Complexity: O(n), vectorised (compressing in registers with AVX-512).
  public static func select(
    atLeast threshold: Float, in values: UnsafeBufferPointer<Float>,
    indices: UnsafeMutableBufferPointer<Int32>, selected: UnsafeMutableBufferPointer<Float>
  ) -> Int {
    precondition(indices.count >= values.count && selected.count >= values.count)
    guard let base = values.baseAddress else { return 0 }
    return kelvin_select_at_least_f32(
      base, values.count, threshold, indices.baseAddress, selected.baseAddress)
  }

  /// Scans `values` once for the maximum, NaN and `±inf`.
  ///
  /// - Complexity: O(n), one vectorised pass.
  @inline(never)
  public static func scan(_ values: UnsafeBufferPointer<Float>) -> Scan {
    guard let base = values.baseAddress else {
      return Scan(
        maximum: -.infinity, minimum: .infinity, hasInvalid: false, hasNegativeInfinity: false)
    }
    let raw = UnsafeRawPointer(base)
    var best = Vector(repeating: -.infinity)
    var least = Vector(repeating: .infinity)
    var invalid = Vector(repeating: 0)
    var masked = Vector(repeating: 0)
    let negativeInfinity = Vector(repeating: -.infinity)
    var index = 0
    while index + 16 <= values.count {
      let value = raw.loadUnaligned(fromByteOffset: index * 4, as: Vector.self)
      best = best.replacing(with: value, where: value .> best)
      least = least.replacing(with: value, where: value .< least)
      let isMask = value .== negativeInfinity
      // x − x is NaN exactly for NaN and ±inf; masks are counted apart.
      invalid = invalid + (value - value).replacing(with: 0, where: isMask)
      masked = masked.replacing(with: 1, where: isMask)
      index += 16
    }
    var maximum = best.max()
    var minimum = least.min()
    var hasInvalid = invalid.sum() != 0
    var hasMasked = masked.sum() != 0
    while index < values.count {
      let value = base[index]
      if value.isNaN || value == .infinity { hasInvalid = true }
      if value == -.infinity { hasMasked = true }
      if value > maximum { maximum = value }
      if value < minimum { minimum = value }
      index += 1
    }
    return Scan(
      maximum: maximum, minimum: minimum, hasInvalid: hasInvalid, hasNegativeInfinity: hasMasked)
  }

  /// The first index whose value equals `target`, or `nil`.
  ///
  /// - Complexity: O(n), vectorised.
  @inline(never)
  public static func firstIndex(of target: Float, in values: UnsafeBufferPointer<Float>) -> Int? {
    guard let base = values.baseAddress else { return nil }
    let raw = UnsafeRawPointer(base)
    let wanted = Vector(repeating: target)
    var index = 0
    while index + 16 <= values.count {
      let value = raw.loadUnaligned(fromByteOffset: index * 4, as: Vector.self)
      let hits = Vector(repeating: 0).replacing(with: 1, where: value .== wanted)
      if hits.sum() != 0 {
        for lane in 0..<16 where value[lane] == target { return index + lane }
      }
      index += 16
    }
    while index < values.count {
      if base[index] == target { return index }
      index += 1
    }
    return nil
  }

  /// How many values are `≥ threshold`.
  ///
  /// - Complexity: O(n), vectorised.
  @inline(never)
  public static func count(atLeast threshold: Float, in values: UnsafeBufferPointer<Float>) -> Int {
    guard let base = values.baseAddress else { return 0 }
    let raw = UnsafeRawPointer(base)
    let bound = Vector(repeating: threshold)
    var counts = SIMD16<Int32>(repeating: 0)
    var index = 0
    while index + 16 <= values.count {
      let value = raw.loadUnaligned(fromByteOffset: index * 4, as: Vector.self)
      counts &+= SIMD16<Int32>(repeating: 0).replacing(with: 1, where: value .>= bound)
      index += 16
    }
    var total = Int(counts.wrappedSum())
    while index < values.count {
      if base[index] >= threshold { total += 1 }
      index += 1
    }
    return total
  }
}

extension FloatVectorKernels {
  /// The largest lane, by a tree of halving comparisons (the standard library's `max()`
  /// reduction became a lane-by-lane loop here).
  @inline(__always)
  static func horizontalMaximum(_ v: SIMD16<Float>) -> Float {
    let eight = v.lowHalf.replacing(with: v.highHalf, where: v.highHalf .> v.lowHalf)
    let four = eight.lowHalf.replacing(with: eight.highHalf, where: eight.highHalf .> eight.lowHalf)
    let two = four.lowHalf.replacing(with: four.highHalf, where: four.highHalf .> four.lowHalf)
    return two[1] > two[0] ? two[1] : two[0]
  }

  /// Selects the `k` largest values by (value descending, index ascending) in one pass, and
  /// checks the buffer on the way.
  ///
  /// `-inf` values (masked) are never selected. Blocks of 64 values whose maximum cannot beat
  /// the current k-th best are skipped after one comparison; in index order a later value
  /// equal to the k-th never displaces it, so only strictly larger values are examined.
  ///
  /// - Returns: `nil` when any value is NaN or `+inf` (the caller reports it), else the
  ///   selected indices and values sorted by value descending, index ascending — fewer than
  ///   `k` when fewer values are unmasked.
  /// - Complexity: O(n + m log k), m the values that enter the heap.
  @inline(never)
  public static func largest(_ k: Int, in values: UnsafeBufferPointer<Float>)
    -> (indices: [Int32], values: [Float])?
  {
    guard k > 0 else { return ([], []) }
    var indices = [Int32](repeating: 0, count: k)
    var selected = [Float](repeating: 0, count: k)
    let found = indices.withUnsafeMutableBufferPointer { indexBuffer in
      selected.withUnsafeMutableBufferPointer { valueBuffer in
        largest(k, in: values, indices: indexBuffer, values: valueBuffer)
      }
    }
    guard let found else { return nil }
    return (Array(indices.prefix(found)), Array(selected.prefix(found)))
  }

  /// ``largest(_:in:)`` into buffers the caller owns (each at least `k` long), so that a
  /// sampler can select on every token without allocating.
  ///
  /// - Returns: `nil` when any value is NaN or `+inf`, else how many were selected (fewer than
  ///   `k` when fewer values are unmasked); the first that many elements of `indices` and
  ///   `values` hold them sorted by value descending, index ascending.
  /// - Complexity: O(n + m log k), m the values that enter the heap; no allocation.
  public static func largest(
    _ k: Int, in values: UnsafeBufferPointer<Float>,
    indices: UnsafeMutableBufferPointer<Int32>, values selected: UnsafeMutableBufferPointer<Float>
  ) -> Int? {
    // The C kernel makes the same comparisons with wider vectors when the CPU has them: the
    // selection is exact either way.
    precondition(indices.count >= k && selected.count >= k)
    guard k > 0, let base = values.baseAddress else { return 0 }
    var count = 0
    let status = kelvin_largest_f32(
      base, values.count, k, indices.baseAddress, selected.baseAddress, &count)
    guard status == Int32(KELVIN_OK) else { return nil }
    PairSort.sortByValueDescending(ids: indices, values: selected, count: count)
    return count
  }

  /// ``largest(_:in:)`` in Swift, the reference the C kernel is tested against.
  @inline(never)
  public static func largestPortable(_ k: Int, in values: UnsafeBufferPointer<Float>)
    -> (indices: [Int32], values: [Float])?
  {
    guard k > 0, let base = values.baseAddress else { return ([], []) }
    var heapValues = [Float](repeating: -.infinity, count: k)
    var heapIndices = [Int32](repeating: Int32.max, count: k)
    var filled = 0
    var invalid = Vector(repeating: 0)
    let raw = UnsafeRawPointer(base)
    heapValues.withUnsafeMutableBufferPointer { heapValue in
      heapIndices.withUnsafeMutableBufferPointer { heapIndex in
        // Root = worst kept: smallest value, largest index among equals.
        func worse(_ a: Int, _ b: Int) -> Bool {
          heapValue[a] < heapValue[b]
            || (heapValue[a] == heapValue[b] && heapIndex[a] > heapIndex[b])
        }
        func siftDown() {
          var parent = 0
          while true {
            let left = 2 * parent + 1
            guard left < k else { return }
            var child = left
            if left + 1 < k, worse(left + 1, left) { child = left + 1 }
            guard worse(child, parent) else { return }
            heapValue.swapAt(child, parent)
            heapIndex.swapAt(child, parent)
            parent = child
          }
        }
        func offer(_ value: Float, _ index: Int) {
          guard value > heapValue[0] || (filled < k && value > -.infinity) else { return }
          heapValue[0] = value
          heapIndex[0] = Int32(truncatingIfNeeded: index)
          if filled < k { filled += 1 }
          siftDown()
        }
        var index = 0
        while index + 64 <= values.count {
          let a = raw.loadUnaligned(fromByteOffset: index * 4, as: Vector.self)
          let b = raw.loadUnaligned(fromByteOffset: index * 4 + 64, as: Vector.self)
          let c = raw.loadUnaligned(fromByteOffset: index * 4 + 128, as: Vector.self)
          let d = raw.loadUnaligned(fromByteOffset: index * 4 + 192, as: Vector.self)
          // s − s is NaN when any lane held NaN or ±inf; the sticky sum is resolved after the
          // loop (masks, -inf, also raise it, so an exact scan then decides).
          let sum = (a + b) + (c + d)
          invalid = invalid + (sum - sum)
          var top = a.replacing(with: b, where: b .> a)
          let cd = c.replacing(with: d, where: d .> c)
          top = top.replacing(with: cd, where: cd .> top)
          if filled < k || horizontalMaximum(top) > heapValue[0] {
            for lane in 0..<64 { offer(base[index + lane], index + lane) }
          }
          index += 64
        }
        while index < values.count {
          let value = base[index]
          if value.isNaN || value == .infinity { invalid[0] = 1 }
          offer(value, index)
          index += 1
        }
      }
    }
    if !(invalid.sum() == 0) && scan(values).hasInvalid { return nil }
    var pairs: [(index: Int32, value: Float)] = []
    pairs.reserveCapacity(filled)
    for slot in 0..<k where heapValues[slot] > -.infinity {
      pairs.append((heapIndices[slot], heapValues[slot]))
    }
    pairs.sort { $0.value > $1.value || ($0.value == $1.value && $0.index < $1.index) }
    return (pairs.map(\.index), pairs.map(\.value))
  }
}
