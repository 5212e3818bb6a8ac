import CKelvinKernels

/// The vectorised `Float` kernels of the softmax family at a finite temperature: the fast path
/// that ``SoftmaxKernels`` takes for `Float` logits, run by the C kernels.
///
/// Method (CKelvinKernels.h states it operation by operation): a validating max pass; then
/// `exp((z - max) · (1/τ))` with the canonical exp (Cody–Waite reduction by ln 2, Cephes'
/// degree-6 `expf` polynomial, scaling by 2ⁿ), summed in `Float` lanes over blocks of 256
/// elements and across blocks in `Double` in a fixed order; then a scaling pass. Every
/// instruction-set level gives the same bits, so the results are reproducible on every CPU;
/// the tests hold each level to the Swift reference definition bit for bit.
///
/// Accuracy (asserted by the tests against a `Double` reference): relative error below 1e-5
/// for every probability above 1e-30. The error budget: the exponent `(z - max) · (1/τ)` is
/// rounded at most three times (≤ 1.5 ulp of |x| ≤ 69.1 for such probabilities: 6.2e-6),
/// the polynomial ≤ 1.02 ulp, the sum ≤ 1e-6, the final scaling ≤ 1 ulp. Exponents below -87.3
/// (terms under 1.2e-38) are flushed to 0 instead of becoming subnormal.
///
/// Only temperatures whose reciprocal is a normal `Float` (about 3e-39 < τ < 8.5e37) take this
/// path; others use the `Double` kernels, which handle any τ.
@usableFromInline
enum FloatSoftmaxKernels {
  /// Whether `temperature` can use the fast path.
  @usableFromInline
  static func accepts(temperature: Double) -> Bool {
    let reciprocal = Float(1 / temperature)
    return reciprocal.isNormal && reciprocal.isFinite
  }

  /// Writes `softmax(z / τ)` (or its log) to `output`, which may alias `logits`; returns
  /// `false`, having written nothing, when the logits need the reference kernel (empty, all
  /// masked, NaN or `+inf`) so that it can report the error.
  @usableFromInline @inline(never)
  static func softmax(
    _ logits: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>,
    temperature: Double, logarithm: Bool
  ) -> Bool {
    precondition(logits.count == output.count)
    guard let input = logits.baseAddress, let target = output.baseAddress else { return false }
    return kelvin_softmax_f32(
      input, target, logits.count, Float(1 / temperature), logarithm ? 1 : 0)
      == Int32(KELVIN_OK)
  }

  /// `log Σ exp(z / τ)` in `Double`, or `nil` when the reference kernel must report an error.
  @usableFromInline @inline(never)
  static func logSumExp(_ logits: UnsafeBufferPointer<Float>, temperature: Double) -> Double? {
    guard let scan = FloatVectorKernels.quickScan(logits), scan.maximum > -.infinity else {
      return nil
    }
    let sum = FloatVectorKernels.exponentialSum(
      logits, shift: scan.maximum, scale: Float(1 / temperature)
    ).sum
    return Double(scan.maximum) / temperature + Elementary.log(sum)
  }
}
