import CKelvinKernels

/// The vectorised `Float` kernels that the sampler chain builds on.
///
/// Scans, selections, the reproducible exponential sum and softmax. Package API: their
/// signatures take unsafe buffers, and their callers (KelvinCore's softmax family, KelvinSampling's candidate sets)
/// guarantee the sizes.
///
/// Each runs the C kernels (one vector body per instruction set, chosen at run time, the same
/// results at every level) and gives exactly the results of the obvious scalar loop. They are not inlinable, so that one compiled copy serves every
/// caller.
package enum FloatVectorKernels {

  /// What one validating pass over logits finds.
  package struct Scan: Sendable, Equatable {
    /// The largest value (`-inf` for an empty buffer or when every value is `-inf`).
    package var maximum: Float
    /// The smallest value (`+inf` for an empty buffer).
    package var minimum: Float
    /// Whether any value is `-inf`.
    package var hasNegativeInfinity: Bool
  }

  /// The softmax (or log-softmax) of `values` at `temperature`, with the same bits on every CPU.
  ///
  /// The terms and their sum come from ``exponentialSum(_:into:divisor:shift:scale:minimum:)``.
  /// `output` may alias `values`.
  ///
  /// - Returns: `false` (nothing written) for empty, all-masked, NaN or `+inf` input, or a
  ///   temperature outside the fast path (then use the throwing `softmax(temperature:into:)`).
  /// - Complexity: O(n), three vectorised passes.
  package static func softmax(
    _ values: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>,
    temperature: Double = 1, logarithm: Bool = false
  ) -> Bool {
    guard FloatSoftmaxKernels.accepts(temperature: temperature) else { return false }
    return FloatSoftmaxKernels.softmax(
      values, into: output, temperature: temperature, logarithm: logarithm)
  }

  /// The reproducible exponential sum, with the same bits on every CPU and instruction set.
  ///
  /// Writes `t_i = exp((values[i] / divisor - shift) · scale)` to `output` (when given) and
  /// returns `Σ t_i` and the smallest quotient `values[i] / divisor` (computed only when
  /// `minimum` is true; `+inf` otherwise). The fixed operations and summation order are
  /// stated in CKelvinKernels.h. Sampling decisions rest on it.
  ///
  /// Arguments `(values[i] / divisor - shift) · scale` must be ≤ 0 or `-inf`; those below -87.3
  /// give 0. Each term is within 1.02 ulp of the exponential of its rounded argument.
  ///
  /// - Complexity: O(n), vectorised.
  package static func exponentialSum(
    _ values: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>? = nil,
    divisor: Float = 1, shift: Float, scale: Float = 1, minimum wantsMinimum: Bool = false
  ) -> (sum: Double, minimum: Float) {
    precondition(output.map { $0.count >= values.count } ?? true)
    guard let base = values.baseAddress else { return (0, .infinity) }
    var minimum = Float.infinity
    let sum = withUnsafeMutablePointer(to: &minimum) { least in
      kelvin_exp_sum_f32(
        base, output?.baseAddress, values.count, divisor, shift, scale,
        wantsMinimum ? least : nil)
    }
    return (sum, minimum)
  }

  /// The weight histogram of top_p's nucleus search (CKelvinKernels.h): the sum and number of
  /// `weights` per bucket of their exponent and top three mantissa bits, in the first 2,048
  /// elements of `masses` and `counts` (each grown to 4,096).
  ///
  /// - Complexity: O(n) scalar additions.
  package static func histogram(
    _ weights: UnsafeBufferPointer<Float>, masses: inout [Double], counts: inout [Int32]
  ) {
    if masses.count < 4096 { masses = [Double](repeating: 0, count: 4096) }
    if counts.count < 4096 { counts = [Int32](repeating: 0, count: 4096) }
    guard let base = weights.baseAddress else {
      for index in 0..<4096 {
        masses[index] = 0
        counts[index] = 0
      }
      return
    }
    masses.withUnsafeMutableBufferPointer { masses in
      counts.withUnsafeMutableBufferPointer { counts in
        kelvin_weight_histogram_f32(base, weights.count, masses.baseAddress, counts.baseAddress)
      }
    }
  }

  /// Divides every element by `divisor` in place (each quotient correctly rounded, as `/`).
  ///
  /// - Complexity: O(n), one vectorised pass (the C kernel of the CPU's level).
  package static func divide(_ values: UnsafeMutableBufferPointer<Float>, by divisor: Float) {
    guard let base = values.baseAddress else { return }
    kelvin_divide_f32(base, values.count, divisor)
  }

  /// The validating scan without the minimum.
  ///
  /// - Returns: `nil` when a value is NaN or `+inf`; else the maximum (`-inf` when every value
  ///   is masked or there is none) and whether any value is `-inf`.
  /// - Complexity: O(n), one vectorised pass.
  package static func quickScan(_ values: UnsafeBufferPointer<Float>) -> (
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
  package static func select(
    atLeast threshold: Float, in values: UnsafeBufferPointer<Float>,
    indices: UnsafeMutableBufferPointer<Int32>, selected: UnsafeMutableBufferPointer<Float>
  ) -> Int {
    precondition(indices.count >= values.count && selected.count >= values.count)
    guard let base = values.baseAddress else { return 0 }
    return kelvin_select_at_least_f32(
      base, values.count, threshold, indices.baseAddress, selected.baseAddress, nil)
  }

  /// Selects, in index order, every value `≥ B(m)` in one pass, where `m` is the largest value
  /// and `B(m)` the smallest `Float` not below `Double(m) + offset` (a leading min-p, whose
  /// offset is `log p ≤ 0`): what ``quickScan(_:)`` and then
  /// ``select(atLeast:in:indices:selected:)`` against `B(m)` keep.
  ///
  /// - Returns: `nil` when a value is NaN or `+inf`; else the maximum (`-inf`, with nothing
  ///   selected, when every value is masked or there is none) and how many were written.
  /// - Complexity: O(n), one vectorised pass; the blocks that hold no survivor cost one
  ///   comparison after the validating loads.
  package static func selectNearMaximum(
    offset: Double, in values: UnsafeBufferPointer<Float>,
    indices: UnsafeMutableBufferPointer<Int32>, selected: UnsafeMutableBufferPointer<Float>
  ) -> (maximum: Float, count: Int)? {
    precondition(indices.count >= values.count && selected.count >= values.count)
    guard let base = values.baseAddress else { return (-.infinity, 0) }
    var count = 0
    var maximum: Float = -.infinity
    let status = kelvin_select_near_maximum_f32(
      base, values.count, offset, indices.baseAddress, selected.baseAddress, &count, &maximum)
    guard status != Int32(KELVIN_INVALID) else { return nil }
    return (maximum, count)
  }

  /// ``select(atLeast:in:indices:selected:)`` that also returns the sum, in `Double`, of the
  /// values below `threshold` (for non-negative values such as exponential terms), in the
  /// fixed order that CKelvinKernels.h states, so the same on every CPU.
  ///
  /// - Complexity: O(n), vectorised.
  package static func selectSummingRest(
    atLeast threshold: Float, in values: UnsafeBufferPointer<Float>,
    indices: UnsafeMutableBufferPointer<Int32>, selected: UnsafeMutableBufferPointer<Float>
  ) -> (count: Int, rest: Double) {
    precondition(indices.count >= values.count && selected.count >= values.count)
    guard let base = values.baseAddress else { return (0, 0) }
    var rest = 0.0
    let count = kelvin_select_at_least_f32(
      base, values.count, threshold, indices.baseAddress, selected.baseAddress, &rest)
    return (count, rest)
  }

  /// Scans `values` once for the maximum, the minimum and `-inf`.
  ///
  /// - Returns: `nil` when a value is NaN or `+inf`.
  /// - Complexity: O(n), one vectorised pass.
  package static func scan(_ values: UnsafeBufferPointer<Float>) -> Scan? {
    guard let base = values.baseAddress else {
      return Scan(maximum: -.infinity, minimum: .infinity, hasNegativeInfinity: false)
    }
    var maximum: Float = -.infinity
    var minimum: Float = .infinity
    var masked: Int32 = 0
    guard kelvin_scan_range_f32(base, values.count, &maximum, &minimum, &masked) == Int32(KELVIN_OK)
    else { return nil }
    return Scan(maximum: maximum, minimum: minimum, hasNegativeInfinity: masked != 0)
  }

  /// The first index whose value equals `target`, or `nil`.
  ///
  /// - Complexity: O(n), one vectorised pass (the C kernel of the CPU's level).
  package static func firstIndex(of target: Float, in values: UnsafeBufferPointer<Float>) -> Int? {
    guard let base = values.baseAddress else { return nil }
    let index = kelvin_first_index_f32(base, values.count, target)
    return index < values.count ? index : nil
  }

  /// `y = W x` for a row-major matrix of `y.count` rows and `x.count` columns, with the same
  /// bits at every instruction-set level (the fixed order of CKelvinKernels.h).
  ///
  /// - Precondition: `weights.count == y.count * x.count`.
  /// - Complexity: O(rows · columns), one vectorised pass over the weights.
  package static func matrixVector(
    _ weights: UnsafeBufferPointer<Float>, _ x: UnsafeBufferPointer<Float>,
    into y: UnsafeMutableBufferPointer<Float>
  ) {
    precondition(weights.count == y.count * x.count, "the matrix is rows × columns")
    guard let w = weights.baseAddress, let input = x.baseAddress, let output = y.baseAddress
    else { return }
    kelvin_matvec_f32(w, input, output, y.count, x.count)
  }

  /// How many values are `≥ threshold`.
  ///
  /// - Complexity: O(n), one vectorised pass (the C kernel of the CPU's level).
  package static func count(atLeast threshold: Float, in values: UnsafeBufferPointer<Float>) -> Int
  {
    guard let base = values.baseAddress else { return 0 }
    return kelvin_count_at_least_f32(base, values.count, threshold)
  }
}

extension FloatVectorKernels {
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
  package static func largest(_ k: Int, in values: UnsafeBufferPointer<Float>)
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
  package static func largest(
    _ k: Int, in values: UnsafeBufferPointer<Float>,
    indices: UnsafeMutableBufferPointer<Int32>, values selected: UnsafeMutableBufferPointer<Float>
  ) -> Int? {
    precondition(indices.count >= k && selected.count >= k)
    guard k > 0, let base = values.baseAddress else { return 0 }
    var count = 0
    let status = kelvin_largest_f32(
      base, values.count, k, indices.baseAddress, selected.baseAddress, &count)
    guard status == Int32(KELVIN_OK) else { return nil }
    PairSort.sortByValueDescending(ids: indices, values: selected, count: count)
    return count
  }
}
