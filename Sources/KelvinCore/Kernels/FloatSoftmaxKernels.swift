import CKelvinKernels

/// Vectorised `Float` kernels for the softmax family at a finite temperature: the fast path
/// that ``SoftmaxKernels`` takes for `Float` logits.
///
/// Method: a max pass that also detects NaN and `+inf`; then `exp((z - max) · (1/τ))` with a
/// range-reduced polynomial (Cody–Waite reduction by ln 2, Cephes' degree-6 `expf`
/// polynomial, scaling by 2ⁿ through the exponent bits), summed in `Float` lanes over blocks
/// of 256 elements and across blocks in `Double`; then a scaling pass. The Swift code here, on
/// `SIMD16<Float>`, is the reference definition; the C kernels run it (the reproducible
/// exponential sum bit for bit, the plain softmax with its own rounding); the tail is padded
/// with `-inf`, so every element goes through the same arithmetic.
///
/// Accuracy (asserted by the tests against a `Double` reference): relative error below 1e-5
/// for every probability above 1e-30. The error budget: the exponent `(z - max) · (1/τ)` is
/// rounded at most three times (≤ 1.5 ulp of |x| ≤ 69.1 for such probabilities: 6.2e-6),
/// the polynomial ≤ 2 ulp, the sum ≤ 1e-6, the final scaling ≤ 1 ulp. Exponents below -87.3
/// (terms under 1.2e-38) are flushed to 0 instead of becoming subnormal.
///
/// Only temperatures whose reciprocal is a normal `Float` (about 3e-39 < τ < 8.5e37) take this
/// path; others use the `Double` reference kernels, which handle any τ.
///
/// These functions are not `@inlinable` and are `@inline(never)`, so that one compiled copy
/// serves every caller. (When benchmarking, build from clean: an incremental release build
/// was seen to keep a stale cross-module copy of an older version of a kernel.)
@usableFromInline
enum FloatSoftmaxKernels {
  typealias Vector = SIMD16<Float>
  static let width = 16

  /// Whether `temperature` can use the fast path.
  @usableFromInline
  static func accepts(temperature: Double) -> Bool {
    let reciprocal = Float(1 / temperature)
    return reciprocal.isNormal && reciprocal.isFinite
  }

  /// The maximum of the logits, or `nil` when any is NaN or `+inf` (the caller then runs the
  /// reference scan, which reports the first offender with its index).
  @inline(never)
  static func maximum(_ logits: UnsafeBufferPointer<Float>) -> Float? {
    guard let base = logits.baseAddress else { return nil }
    let count = logits.count
    var best = Vector(repeating: -.infinity)
    var bad = Vector(repeating: 0)
    var index = 0
    let raw = UnsafeRawPointer(base)
    while index + width <= count {
      let value = raw.loadUnaligned(fromByteOffset: index * 4, as: Vector.self)
      // `replacing(with:where:)` compiles to compare-and-blend; the standard library's
      // `pointwiseMax` became a spilling lane-by-lane loop in the baseline build.
      best = best.replacing(with: value, where: value .> best)
      // x - x is 0 for finite x and NaN for NaN and ±inf; -inf (a mask) is allowed.
      bad = bad + (value - value).replacing(with: 0, where: value .== -.infinity)
      index += width
    }
    var tailBest = best.max()
    var tailBad: Float = 0
    while index < count {
      let value = base[index]
      tailBest = Swift.max(tailBest, value)
      if value != -.infinity { tailBad += value - value }
      index += 1
    }
    // `bad` and `tailBad` are 0 unless some lane saw NaN or +inf (x - x is NaN for both).
    let lanes = bad.sum() + tailBad
    guard lanes == 0 else { return nil }
    return tailBest
  }

  /// `exp` of each lane for lanes ≤ 0 (or -inf): the canonical definition that the C kernel
  /// follows operation for operation (fused multiply-adds exactly where written here).
  ///
  /// Checked over every `Float` argument in [-87.3, 0] (tools/expcheck): at most 1.02 ulp from
  /// `exp` for normal results, and monotone. Arguments below -87.3 give 0.
  @inline(__always)
  static func exp(_ x: Vector) -> Vector {
    let lowest: Float = -87.3
    let floor = Vector(repeating: lowest)
    let clamped = x.replacing(with: floor, where: x .< floor)
    // n = round(x / ln 2) by the 1.5 · 2²³ trick (no SSE4.1 rounding needed).
    let magic = Vector(repeating: 12_582_912)
    let shifted = magic.addingProduct(clamped, Vector(repeating: 1.442_695_04))
    let n = shifted - magic
    var r = clamped.addingProduct(-n, Vector(repeating: 0.693_359_375))
    r = r.addingProduct(-n, Vector(repeating: -2.121_944_4e-4))
    var p = Vector(repeating: 1.987_569_150_0e-4)
    p = Vector(repeating: 1.398_199_950_7e-3).addingProduct(p, r)
    p = Vector(repeating: 8.333_451_907_3e-3).addingProduct(p, r)
    p = Vector(repeating: 4.166_579_589_4e-2).addingProduct(p, r)
    p = Vector(repeating: 1.666_666_545_9e-1).addingProduct(p, r)
    p = Vector(repeating: 5.000_000_120_1e-1).addingProduct(p, r)
    let polynomial = r.addingProduct(p * r, r) + Vector(repeating: 1)
    // 2ⁿ from the integer in the low bits of `shifted`: (n + 127) << 23.
    let nBits =
      unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- unsafeBitCast(magic, to: SIMD16<Int32>.self)
    let scale = unsafeBitCast((nBits &+ 127) &<< 23, to: Vector.self)
    return (polynomial * scale).replacing(with: 0, where: x .< floor)
  }

  /// Writes `softmax(z / τ)` (or its log) to `output`; returns `false`, having written nothing,
  /// when the logits need the reference kernel (empty, all masked, NaN or `+inf`) so that it
  /// can report the error.
  @usableFromInline @inline(never)
  static func softmax(
    _ logits: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>,
    temperature: Double, logarithm: Bool
  ) -> Bool {
    // The C softmax kernels (AVX-512 or AVX2 + FMA when the CPU has them) implement the same
    // algorithm with their own rounding, which differs by a few ulps between levels, within
    // the same 1e-5 bound. Results that must not depend on the CPU use
    // ``portableSoftmax(_:into:temperature:logarithm:)``.
    if let input = logits.baseAddress, let target = output.baseAddress,
      kelvin_softmax_f32(input, target, logits.count, Float(1 / temperature), logarithm ? 1 : 0)
        == Int32(KELVIN_OK)
    {
      return true
    }
    return portableSoftmax(logits, into: output, temperature: temperature, logarithm: logarithm)
  }

  /// The reproducible softmax: the same bits on every CPU and platform (its terms and sum come
  /// from the reproducible exponential sum).
  @usableFromInline @inline(never)
  static func portableSoftmax(
    _ logits: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>,
    temperature: Double, logarithm: Bool
  ) -> Bool {
    guard let maximum = maximum(logits), maximum > -.infinity else { return false }
    let reciprocal = Float(1 / temperature)
    if logarithm {
      // The exponentials only feed the sum; they are not stored, so that `output` may alias
      // `logits`, which the second pass reads again.
      let sum = exponentiate(logits, into: nil, maximum: maximum, reciprocal: reciprocal)
      logProbabilities(
        logits, into: output, maximum: maximum, reciprocal: reciprocal,
        logSum: Float(Elementary.log(sum)))
    } else {
      let sum = exponentiate(logits, into: output, maximum: maximum, reciprocal: reciprocal)
      scale(output, by: Float(1 / sum))
    }
    return true
  }

  /// `log Σ exp(z / τ)` in `Double`, or `nil` when the reference kernel must report an error.
  @usableFromInline @inline(never)
  static func logSumExp(_ logits: UnsafeBufferPointer<Float>, temperature: Double) -> Double? {
    guard let maximum = maximum(logits), maximum > -.infinity else { return nil }
    let reciprocal = Float(1 / temperature)
    let sum = exponentiate(logits, into: nil, maximum: maximum, reciprocal: reciprocal)
    return Double(maximum) / temperature + Elementary.log(sum)
  }

  /// Writes `exp((z - max) / τ)` to `output` (when given) and returns the sum (in `Double`), by
  /// the reproducible C kernel, whose bits equal
  /// ``exponentiateReference(_:into:divisor:shift:scale:)``'s on every CPU.
  @inline(__always)
  static func exponentiate(
    _ logits: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>?,
    maximum: Float, reciprocal: Float
  ) -> Double {
    FloatVectorKernels.exponentialSum(logits, into: output, shift: maximum, scale: reciprocal).sum
  }

  /// The reproducible exponential sum, in Swift: writes `t = exp((z / divisor - shift) · scale)`
  /// to `output` (when given) and returns `Σ t` and the smallest quotient `z / divisor`.
  ///
  /// Arguments must be ≤ 0 or `-inf`. Every step is one IEEE operation (no fused multiply-add),
  /// and the sum has a fixed order: 16 `Float` lanes (lane j takes elements j, j + 16, …) over
  /// blocks of 256 elements, each block's lanes widened to `Double` and reduced by the fixed
  /// tree of ``reduce(_:)``, the blocks added in order, the last partial vector as one more
  /// block. The C kernel `kelvin_exp_sum_f32` follows the same steps at every instruction-set
  /// level; the tests compare the bits. Dividing by 1 and multiplying by 1 are exact, so both
  /// are skipped then.
  @inline(never)
  static func exponentiateReference(
    _ logits: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>?,
    divisor: Float = 1, shift: Float, scale: Float
  ) -> (sum: Double, minimum: Float) {
    guard let source = logits.baseAddress else { return (0, .infinity) }
    let target = output?.baseAddress
    let count = logits.count
    let raw = UnsafeRawPointer(source)
    let rawOut = target.map(UnsafeMutableRawPointer.init)
    let divisors = Vector(repeating: divisor)
    let shifts = Vector(repeating: shift)
    let scales = Vector(repeating: scale)
    let divide = divisor != 1
    let multiply = scale != 1
    var least = Vector(repeating: .infinity)
    var total = 0.0
    var index = 0
    let block = 16 * width
    @inline(__always) func term(_ quotient: Vector) -> Vector {
      let argument = quotient - shifts
      return exp(multiply ? argument * scales : argument)
    }
    while index + width <= count {
      var lanes = Vector(repeating: 0)
      let end = Swift.min(count - (count - index) % width, index + block)
      while index < end {
        let value = raw.loadUnaligned(fromByteOffset: index * 4, as: Vector.self)
        let quotient = divide ? value / divisors : value
        least = least.replacing(with: quotient, where: quotient .< least)
        let terms = term(quotient)
        rawOut?.storeBytes(of: terms, toByteOffset: index * 4, as: Vector.self)
        lanes += terms
        index += width
      }
      total += reduce(lanes)
    }
    if index < count {
      // The last partial vector, padded with -inf (terms 0, left out of the minimum).
      var padded = Vector(repeating: -.infinity)
      var real = SIMDMask<SIMD16<Int32>>(repeating: false)
      for lane in 0..<(count - index) {
        padded[lane] = source[index + lane]
        real[lane] = true
      }
      let quotient = divide ? padded / divisors : padded
      least = least.replacing(with: quotient, where: real .& (quotient .< least))
      let terms = term(quotient)
      if let target {
        for lane in 0..<(count - index) { target[index + lane] = terms[lane] }
      }
      total += reduce(terms)
    }
    return (total, least.min())
  }

  /// The sum of the lanes in `Double` by a fixed tree: `d_j = l_j + l_{j+8}`,
  /// `e_j = d_j + d_{j+4}`, `f_j = e_j + e_{j+2}`, `f_0 + f_1`.
  @inline(__always)
  static func reduce(_ lanes: Vector) -> Double {
    let d = SIMD8<Double>(lanes.lowHalf) + SIMD8<Double>(lanes.highHalf)
    let e = d.lowHalf + d.highHalf
    let f = e.lowHalf + e.highHalf
    return f[0] + f[1]
  }

  /// Multiplies every element by `factor`.
  @inline(never)
  static func scale(_ values: UnsafeMutableBufferPointer<Float>, by factor: Float) {
    guard let base = values.baseAddress else { return }
    let raw = UnsafeMutableRawPointer(base)
    let vector = Vector(repeating: factor)
    var index = 0
    while index + width <= values.count {
      let value = raw.loadUnaligned(fromByteOffset: index * 4, as: Vector.self)
      raw.storeBytes(of: value * vector, toByteOffset: index * 4, as: Vector.self)
      index += width
    }
    while index < values.count {
      base[index] *= factor
      index += 1
    }
  }

  /// Writes `(z - max) / τ - log(sum)` (log-softmax) given the sum from ``exponentiate``.
  @inline(never)
  static func logProbabilities(
    _ logits: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>,
    maximum: Float, reciprocal: Float, logSum: Float
  ) {
    guard let source = logits.baseAddress, let target = output.baseAddress else { return }
    let raw = UnsafeRawPointer(source)
    let rawOut = UnsafeMutableRawPointer(target)
    let shift = Vector(repeating: maximum)
    let scale = Vector(repeating: reciprocal)
    let offset = Vector(repeating: logSum)
    var index = 0
    while index + width <= logits.count {
      let value = raw.loadUnaligned(fromByteOffset: index * 4, as: Vector.self)
      rawOut.storeBytes(
        of: (value - shift) * scale - offset, toByteOffset: index * 4, as: Vector.self)
      index += width
    }
    while index < logits.count {
      target[index] = (source[index] - maximum) * reciprocal - logSum
      index += 1
    }
  }
}
