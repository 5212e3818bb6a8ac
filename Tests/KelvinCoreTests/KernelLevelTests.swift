import CKelvinKernels
import Foundation
import KelvinCore
import Testing

/// Every instruction-set level of the C kernels that this CPU can run (portable C always,
/// AVX2 and AVX-512 when present), each checked against the Swift reference kernels, so that
/// the paths a different machine would take are tested here too.
@Suite("C kernels at every instruction-set level")
struct KernelLevelTests {
  static let levels = [0, 2, 3].filter { $0 <= Int(kelvin_kernel_level()) }

  /// Seeded logits with masks and many ties, long enough to cover vector bodies and tails.
  static func logits(count: Int, seed: UInt64) -> [Float] {
    var generator = Xoshiro256StarStar(seed: seed)
    return (0..<count).map { index in
      if index % 89 == 3 { return -.infinity }
      return Float(Int(generator.next() % 256)) / 16 - 8
    }
  }

  @Test(
    "softmax and log-softmax agree with the Swift kernel within 2e-6 relative", arguments: levels)
  func softmax(level: Int) {
    for count in [1, 7, 8, 15, 16, 17, 255, 257, 4099] {
      let input = Self.logits(count: count, seed: UInt64(count)).enumerated().map {
        $0.offset == 0 ? Float(1) : $0.element  // at least one unmasked value
      }
      for logarithm in [false, true] {
        var fast = [Float](repeating: 0, count: count)
        var reference = [Float](repeating: 0, count: count)
        let status = input.withUnsafeBufferPointer { x in
          fast.withUnsafeMutableBufferPointer { y in
            kelvin_softmax_f32_at_level(
              Int32(level), x.baseAddress, y.baseAddress, count, 1 / 0.7, logarithm ? 1 : 0)
          }
        }
        #expect(status == Int32(KELVIN_OK))
        _ = input.withUnsafeBufferPointer { x in
          reference.withUnsafeMutableBufferPointer {
            FloatVectorKernels.portableSoftmax(x, into: $0, temperature: 0.7, logarithm: logarithm)
          }
        }
        for (a, b) in zip(fast, reference) {
          if b == 0 || b == -.infinity {
            #expect(a == b)
          } else {
            // A log-probability is a difference of terms of size ≥ 1 (the shifted logit and
            // log Σ), so near 0 its error is absolute: a few ulps of 1.
            let scale = logarithm ? max(1, abs(Double(b))) : abs(Double(b))
            #expect(abs(Double(a) - Double(b)) <= 2e-6 * scale)
          }
        }
      }
    }
  }

  @Test("softmax reports NaN, +inf and an all-masked row, writing nothing", arguments: levels)
  func softmaxErrors(level: Int) {
    let cases: [([Float], Int32)] = [
      (
        [Float](repeating: 0, count: 40).enumerated().map { $0.offset == 37 ? .nan : 0 },
        Int32(KELVIN_INVALID)
      ),
      (
        [Float](repeating: 0, count: 40).enumerated().map { $0.offset == 3 ? .infinity : 0 },
        Int32(KELVIN_INVALID)
      ),
      ([Float](repeating: -.infinity, count: 40), Int32(KELVIN_ALL_MASKED)),
    ]
    for (input, expected) in cases {
      var output = [Float](repeating: 42, count: input.count)
      let status = input.withUnsafeBufferPointer { x in
        output.withUnsafeMutableBufferPointer { y in
          kelvin_softmax_f32_at_level(Int32(level), x.baseAddress, y.baseAddress, x.count, 1, 0)
        }
      }
      #expect(status == expected)
      #expect(output.allSatisfy { $0 == 42 })
    }
  }

  @Test(
    "the scan finds the maximum and the masks; selection keeps every value ≥ threshold in order",
    arguments: levels)
  func scanAndSelect(level: Int) {
    for count in [0, 1, 15, 16, 17, 1000, 4099] {
      let input = Self.logits(count: count, seed: 7 + UInt64(count))
      var maximum: Float = 0
      var masked: Int32 = 0
      let status = input.withUnsafeBufferPointer {
        kelvin_scan_f32_at_level(Int32(level), $0.baseAddress, count, &maximum, &masked)
      }
      #expect(status == Int32(KELVIN_OK))
      #expect(maximum == input.max() ?? -.infinity)
      #expect((masked != 0) == input.contains(-.infinity))
      var indices = [Int32](repeating: -1, count: count)
      var values = [Float](repeating: 0, count: count)
      let found = input.withUnsafeBufferPointer { x in
        indices.withUnsafeMutableBufferPointer { i in
          values.withUnsafeMutableBufferPointer { v in
            kelvin_select_at_least_f32_at_level(
              Int32(level), x.baseAddress, count, 2.5, i.baseAddress, v.baseAddress)
          }
        }
      }
      let expected = input.indices.filter { input[$0] >= 2.5 }
      #expect(Array(indices.prefix(found)) == expected.map { Int32($0) })
      #expect(Array(values.prefix(found)) == expected.map { input[$0] })
    }
    // NaN or +inf in the four-way unrolled body (5), the single-vector loop (70), the tail (99).
    for (position, bad) in [(5, Float.nan), (70, .infinity), (99, .nan), (5, .infinity)] {
      var invalid = Self.logits(count: 100, seed: 1)
      invalid[position] = bad
      var maximum: Float = 0
      var masked: Int32 = 0
      let status = invalid.withUnsafeBufferPointer {
        kelvin_scan_f32_at_level(Int32(level), $0.baseAddress, 100, &maximum, &masked)
      }
      #expect(status == Int32(KELVIN_INVALID), "\(bad) at \(position)")
    }
  }

  @Test("top-k selection equals the Swift heap exactly, ties by lower index", arguments: levels)
  func largest(level: Int) {
    for seed in UInt64(0)..<6 {
      let input = Self.logits(count: 3001, seed: seed)
      for k in [1, 7, 40, 300] {
        var indices = [Int32](repeating: 0, count: k)
        var values = [Float](repeating: 0, count: k)
        var count = 0
        let status = input.withUnsafeBufferPointer { x in
          indices.withUnsafeMutableBufferPointer { i in
            values.withUnsafeMutableBufferPointer { v in
              kelvin_largest_f32_at_level(
                Int32(level), x.baseAddress, x.count, k, i.baseAddress, v.baseAddress, &count)
            }
          }
        }
        #expect(status == Int32(KELVIN_OK))
        let pairs = zip(indices.prefix(count), values.prefix(count)).sorted {
          $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0)
        }
        let reference = input.withUnsafeBufferPointer {
          FloatVectorKernels.largestPortable(k, in: $0)
        }
        #expect(pairs.map(\.0) == reference?.indices)
        #expect(pairs.map(\.1) == reference?.values)
      }
    }
  }

  @Test(
    "the reproducible exponential sum has the Swift reference's bits: terms, sum and minimum",
    arguments: levels)
  func exponentialSum(level: Int) {
    var generator = Xoshiro256StarStar(seed: 2026)
    // (divisor, scale): plain, a temperature dividing the logits, a reciprocal temperature,
    // and both at once.
    let parameters: [(Float, Float)] = [(1, 1), (0.7, 1), (1, 1 / 0.7), (1.3, 0.25)]
    for count in [0, 1, 7, 15, 16, 17, 255, 256, 257, 4099, 40_001] {
      for span in [Float(6), 200] {  // 200: many terms underflow to 0 or are subnormal
        let input = (0..<count).map { index -> Float in
          if index % 97 == 5 { return -.infinity }
          return Float(generator.next() % 1_000_000) / 1_000_000 * span - span / 2
        }
        let maximum = input.max() ?? 0
        for (divisor, scale) in parameters {
          let shift = maximum / divisor
          var fast = [Float](repeating: 42, count: count)
          var reference = [Float](repeating: 17, count: count)
          var fastMinimum: Float = 0
          let fastSum = input.withUnsafeBufferPointer { x in
            fast.withUnsafeMutableBufferPointer { y in
              kelvin_exp_sum_f32_at_level(
                Int32(level), x.baseAddress, y.baseAddress, count, divisor, shift, scale,
                &fastMinimum)
            }
          }
          let expected = input.withUnsafeBufferPointer { x in
            reference.withUnsafeMutableBufferPointer { y in
              FloatVectorKernels.exponentialSumReference(
                x, into: y, divisor: divisor, shift: shift, scale: scale)
            }
          }
          #expect(fastSum.bitPattern == expected.sum.bitPattern, "n \(count) level \(level)")
          #expect(fastMinimum == expected.minimum)
          #expect(fast.map(\.bitPattern) == reference.map(\.bitPattern))
          // And the sum is the exponential sum, against a Double computation: the quotient
          // and the shift are each rounded to Float (half an ulp of the largest |quotient|
          // each, an absolute error in the exponent, so a relative one in every term), plus
          // 1e-6 for the polynomial and the Float lanes.
          let exact = input.reduce(0.0) {
            $0 + Foundation.exp((Double($1) / Double(divisor) - Double(shift)) * Double(scale))
          }
          let largest = input.filter { $0 > -.infinity }.map { abs($0 / divisor) }.max() ?? 0
          let bound = Double(largest.ulp) * Double(scale) + 1e-6
          #expect(abs(fastSum - exact) <= bound * exact, "n \(count) level \(level)")
          if count > 0 {
            #expect(expected.minimum == input.map { $0 / divisor }.min())
          }
        }
      }
    }
  }
}
