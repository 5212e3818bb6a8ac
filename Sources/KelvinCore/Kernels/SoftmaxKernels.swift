/// The reference kernels of the softmax family over contiguous memory.
///
/// Every kernel validates its input completely before it writes anything, so a thrown error
/// leaves the output untouched, and every kernel accepts `output` aliasing `logits` (each
/// element is read before the same element is written).
///
/// Accuracy: the shifted exponent `x = (z - max) / τ` and the sum are computed in `Double`
/// whatever the element type, and a result is rounded to the element type once. The sum is
/// compensated (``CompensatedSum``, in index order, so the bits are reproducible): its error is
/// 2 ulp whatever the length, where a plain running sum drops every term below half an ulp of
/// the running total (at V = 128,256 that was an error of 1.7e-13). So a `Double` probability
/// has relative error at most `(|x| + 3) · 2⁻⁵²` (x's rounding carried through `exp`, `exp`'s
/// own ulp, the sum and the division), a `Double` log-probability an absolute error at most
/// `(|x| + |log Σ| + 2) · 2⁻⁵²`, and the log-sum-exp an absolute error at most
/// `(|max / τ| + |log Σ| + 2) · 2⁻⁵²`; the tests check these bounds against a `Float80`
/// reference on N(0, 10²) logits at V = 128,256. A `Float` result computed here (the
/// temperatures that the vectorised `Float` kernels do not take) is within 1 ulp of the exact
/// value. Division by τ (not multiplication by 1/τ) keeps τ down to the smallest subnormal
/// exact: `(z - max) / τ` overflows to `-inf` only where the probability is 0.
@usableFromInline
enum SoftmaxKernels {
  /// Writes `softmax(logits / temperature)` to `output`.
  ///
  /// - Complexity: O(n), three passes.
  @inlinable
  static func softmax<T: BinaryFloatingPoint>(
    _ logits: UnsafeBufferPointer<T>, into output: UnsafeMutableBufferPointer<T>,
    temperature: Double
  ) throws {
    precondition(logits.count == output.count, "softmax: output length must equal input length")
    let regime = try TemperatureRegime(temperature: temperature)
    if fastFloatPath(logits, output, regime, logarithm: false) { return }
    let summary = try LogitSummary(logits)
    switch regime {
    case .greedy:
      let share = T(1 / Double(summary.maximumCount))
      for index in logits.indices {
        output[index] = Double(logits[index]) == summary.maximum ? share : 0
      }
    case .uniform:
      let share = T(1 / Double(summary.unmaskedCount))
      for index in logits.indices {
        output[index] = logits[index] == -.infinity ? 0 : share
      }
    case .scaled(let tau):
      // The largest term is exp(0) = 1, so 1 ≤ sum ≤ n: no overflow, no division by zero.
      // Each term is computed again rather than stored, so that a narrow element type is
      // rounded once, from the Double quotient.
      let sum = shiftedSum(logits, summary: summary, temperature: tau)
      for index in logits.indices {
        let term = Elementary.exp((Double(logits[index]) - summary.maximum) / tau)
        output[index] = T(term / sum)
      }
    }
  }

  /// Writes `log(softmax(logits / temperature))` to `output`; masked tokens get `-inf`.
  ///
  /// - Complexity: O(n), three passes.
  @inlinable
  static func logSoftmax<T: BinaryFloatingPoint>(
    _ logits: UnsafeBufferPointer<T>, into output: UnsafeMutableBufferPointer<T>,
    temperature: Double
  ) throws {
    precondition(
      logits.count == output.count, "logSoftmax: output length must equal input length")
    let regime = try TemperatureRegime(temperature: temperature)
    if fastFloatPath(logits, output, regime, logarithm: true) { return }
    let summary = try LogitSummary(logits)
    switch regime {
    case .greedy:
      let share = T(-Elementary.log(Double(summary.maximumCount)))
      for index in logits.indices {
        output[index] = Double(logits[index]) == summary.maximum ? share : -.infinity
      }
    case .uniform:
      let share = T(-Elementary.log(Double(summary.unmaskedCount)))
      for index in logits.indices {
        output[index] = logits[index] == -.infinity ? -.infinity : share
      }
    case .scaled(let tau):
      let logSum = Elementary.log(shiftedSum(logits, summary: summary, temperature: tau))
      for index in logits.indices {
        output[index] = T((Double(logits[index]) - summary.maximum) / tau - logSum)
      }
    }
  }

  /// Returns `log Σ exp(logits / temperature)`, the log partition function, in `Double`.
  ///
  /// The limits are the limits of that expression: at τ = +∞ it is `log n` over the unmasked
  /// tokens; at τ = 0 it is `+inf` when the maximum is positive, `-inf` when it is negative and
  /// `log k` (k maximal logits) when the maximum is exactly 0.
  ///
  /// - Complexity: O(n), two passes.
  @inlinable
  static func logSumExp<T: BinaryFloatingPoint>(
    _ logits: UnsafeBufferPointer<T>, temperature: Double
  ) throws -> Double {
    let regime = try TemperatureRegime(temperature: temperature)
    if T.self == Float.self, case .scaled(let tau) = regime,
      FloatSoftmaxKernels.accepts(temperature: tau),
      let fast = logits.withMemoryRebound(
        to: Float.self, { FloatSoftmaxKernels.logSumExp($0, temperature: tau) })
    {
      return fast
    }
    let summary = try LogitSummary(logits)
    switch regime {
    case .greedy:
      if summary.maximum > 0 { return .infinity }
      if summary.maximum < 0 { return -.infinity }
      return Elementary.log(Double(summary.maximumCount))
    case .uniform:
      return Elementary.log(Double(summary.unmaskedCount))
    case .scaled(let tau):
      let sum = shiftedSum(logits, summary: summary, temperature: tau)
      return summary.maximum / tau + Elementary.log(sum)
    }
  }

  /// Runs ``FloatSoftmaxKernels`` when the elements are `Float` and the temperature is finite
  /// and moderate; returns `false` (nothing written) when the reference path must run.
  @inlinable
  static func fastFloatPath<T: BinaryFloatingPoint>(
    _ logits: UnsafeBufferPointer<T>, _ output: UnsafeMutableBufferPointer<T>,
    _ regime: TemperatureRegime, logarithm: Bool
  ) -> Bool {
    guard T.self == Float.self, case .scaled(let tau) = regime,
      FloatSoftmaxKernels.accepts(temperature: tau)
    else { return false }
    return logits.withMemoryRebound(to: Float.self) { input in
      output.withMemoryRebound(to: Float.self) { result in
        FloatSoftmaxKernels.softmax(input, into: result, temperature: tau, logarithm: logarithm)
      }
    }
  }

  /// `Σ exp((z - max) / τ)`, which lies in [1, n], compensated, in index order.
  @inlinable
  static func shiftedSum<T: BinaryFloatingPoint>(
    _ logits: UnsafeBufferPointer<T>, summary: LogitSummary, temperature tau: Double
  ) -> Double {
    var sum = CompensatedSum()
    for value in logits {
      sum.add(Elementary.exp((Double(value) - summary.maximum) / tau))
    }
    return sum.value
  }
}
