import CKelvinKernels
import Foundation
import KelvinCore
import Testing

/// Every instruction-set level of the C kernels that this CPU can run (portable C always,
/// AVX2 and AVX-512 when present), each checked bit for bit against the Swift reference
/// definitions of ``KernelReference``, so that the paths a different machine would take are
/// tested here too and every CPU gives the same bits.
@Suite("C kernels at every instruction-set level")
struct KernelBodyTests {
  static let levels = [0, 2, 3].filter { $0 <= Int(kelvin_detected_kernel_level()) }

  /// Seeded logits with masks and many ties, long enough to cover vector bodies and tails.
  static func logits(count: Int, seed: UInt64) -> [Float] {
    var generator = Xoshiro256StarStar(seed: seed)
    return (0..<count).map { index in
      if index % 89 == 3 { return -.infinity }
      return Float(Int(generator.next() % 256)) / 16 - 8
    }
  }

  @Test(
    "softmax and log-softmax have the reference's bits at every length, in place too",
    arguments: levels)
  func softmax(level: Int) {
    for count in [1, 7, 8, 15, 16, 17, 63, 64, 65, 255, 257, 4099] {
      let input = Self.logits(count: count, seed: UInt64(count)).enumerated().map {
        $0.offset == 0 ? Float(1) : $0.element  // at least one unmasked value
      }
      for logarithm in [false, true] {
        for scale: Float in [1, 1 / 0.7] {
          var fast = [Float](repeating: 0, count: count)
          let status = input.withUnsafeBufferPointer { x in
            fast.withUnsafeMutableBufferPointer { y in
              kelvin_softmax_f32_at_level(
                Int32(level), x.baseAddress, y.baseAddress, count, scale, logarithm ? 1 : 0)
            }
          }
          #expect(status == Int32(KELVIN_OK))
          let reference = KernelReference.softmax(input, scale: scale, logarithm: logarithm)
          #expect(fast.map(\.bitPattern) == reference?.map(\.bitPattern), "n \(count)")
          var inPlace = input
          _ = inPlace.withUnsafeMutableBufferPointer { y in
            kelvin_softmax_f32_at_level(
              Int32(level), y.baseAddress, y.baseAddress, count, scale, logarithm ? 1 : 0)
          }
          #expect(inPlace.map(\.bitPattern) == fast.map(\.bitPattern))
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
    "the matrix-vector product has the same bits at every level, close to the Double product",
    arguments: levels)
  func matrixVector(level: Int) {
    for (rows, columns) in [(1, 1), (3, 15), (5, 16), (7, 65), (4, 130), (2, 1000)] {
      let w = Self.logits(count: rows * columns, seed: 5 + UInt64(columns)).map {
        $0 == -.infinity ? 0.5 : $0
      }
      let x = Self.logits(count: columns, seed: 9 + UInt64(rows)).map {
        $0 == -.infinity ? -0.25 : $0
      }
      func product(at level: Int) -> [Float] {
        var y = [Float](repeating: 0, count: rows)
        w.withUnsafeBufferPointer { w in
          x.withUnsafeBufferPointer { x in
            y.withUnsafeMutableBufferPointer {
              kelvin_matvec_f32_at_level(
                Int32(level), w.baseAddress, x.baseAddress, $0.baseAddress, rows, columns)
            }
          }
        }
        return y
      }
      let y = product(at: level)
      #expect(y.map(\.bitPattern) == product(at: 0).map(\.bitPattern))
      for row in 0..<rows {
        let exact = (0..<columns).reduce(0.0) { $0 + Double(w[row * columns + $1]) * Double(x[$1]) }
        let scale = (0..<columns).reduce(0.0) {
          $0 + abs(Double(w[row * columns + $1]) * Double(x[$1]))
        }
        // Each product and sum rounds once in Float: the error is below n·2⁻²⁴ of Σ|w·x|.
        #expect(abs(Double(y[row]) - exact) <= Double(columns) * 0x1p-24 * scale + 1e-30)
      }
    }
  }

  @Test(
    "division, the first index of a value and the count above a threshold equal the scalar loops",
    arguments: levels)
  func scans(level: Int) {
    for count in [0, 1, 15, 16, 17, 63, 64, 65, 127, 1000, 4099] {
      let input = Self.logits(count: count, seed: 31 + UInt64(count))
      for divisor: Float in [0.7, 3, 1e-30, .infinity] {
        var divided = input
        divided.withUnsafeMutableBufferPointer {
          kelvin_divide_f32_at_level(Int32(level), $0.baseAddress, count, divisor)
        }
        #expect(divided.map(\.bitPattern) == input.map { ($0 / divisor).bitPattern })
      }
      // Targets: the maximum, the last element, a value absent, NaN (never found).
      for target in [input.max() ?? 0, input.last ?? 0, 1e9, .nan] {
        let found = input.withUnsafeBufferPointer {
          kelvin_first_index_f32_at_level(Int32(level), $0.baseAddress, count, target)
        }
        #expect(found == (input.firstIndex(of: target) ?? count), "\(count) \(target)")
      }
      for threshold: Float in [2.5, -.infinity, 100, 0] {
        let counted = input.withUnsafeBufferPointer {
          kelvin_count_at_least_f32_at_level(Int32(level), $0.baseAddress, count, threshold)
        }
        #expect(counted == input.filter { $0 >= threshold }.count)
      }
    }
  }

  @Test(
    "the scan finds the maximum, minimum and masks; selection keeps every value ≥ threshold",
    arguments: levels)
  func scanAndSelect(level: Int) {
    for count in [0, 1, 15, 16, 17, 63, 64, 65, 1000, 4099] {
      let input = Self.logits(count: count, seed: 7 + UInt64(count))
      let expected = KernelReference.scan(input)
      var maximum: Float = 0
      var minimum: Float = 0
      var masked: Int32 = 0
      let status = input.withUnsafeBufferPointer {
        kelvin_scan_range_f32_at_level(
          Int32(level), $0.baseAddress, count, &maximum, &minimum, &masked)
      }
      #expect(status == Int32(KELVIN_OK))
      #expect(maximum == expected?.maximum && minimum == expected?.minimum)
      #expect((masked != 0) == expected?.masked)
      var quickMaximum: Float = 0
      var quickMasked: Int32 = 0
      _ = input.withUnsafeBufferPointer {
        kelvin_scan_f32_at_level(Int32(level), $0.baseAddress, count, &quickMaximum, &quickMasked)
      }
      #expect(quickMaximum == maximum && quickMasked == masked)
      for threshold: Float in [2.5, -.infinity, 100] {
        var indices = [Int32](repeating: -1, count: count)
        var values = [Float](repeating: 0, count: count)
        var rest = -1.0
        let found = input.withUnsafeBufferPointer { x in
          indices.withUnsafeMutableBufferPointer { i in
            values.withUnsafeMutableBufferPointer { v in
              kelvin_select_at_least_f32_at_level(
                Int32(level), x.baseAddress, count, threshold, i.baseAddress, v.baseAddress,
                &rest)
            }
          }
        }
        let kept = input.indices.filter { input[$0] >= threshold }
        #expect(Array(indices.prefix(found)) == kept.map { Int32($0) })
        #expect(Array(values.prefix(found)) == kept.map { input[$0] })
        // The rest: the other values in 16 float lanes per block of 256, each block reduced by
        // the fixed tree in double, the blocks in order (the exponential sum's order).
        let others = input.map { $0 >= threshold ? Float(0) : $0 }
        let expectedRest = KernelReference.blockedSum(others)
        #expect(rest.bitPattern == expectedRest.bitPattern || (rest.isNaN && expectedRest.isNaN))
        let plain = input.withUnsafeBufferPointer { x in
          indices.withUnsafeMutableBufferPointer { i in
            values.withUnsafeMutableBufferPointer { v in
              kelvin_select_at_least_f32_at_level(
                Int32(level), x.baseAddress, count, threshold, i.baseAddress, v.baseAddress, nil)
            }
          }
        }
        #expect(plain == found)
      }
    }
    // NaN or +inf in the four-way unrolled body (5), the padded vectors after it (70), the
    // tail (99).
    for (position, bad) in [(5, Float.nan), (70, .infinity), (99, .nan), (5, .infinity)] {
      var invalid = Self.logits(count: 100, seed: 1)
      invalid[position] = bad
      var maximum: Float = 0
      var minimum: Float = 0
      var masked: Int32 = 0
      let statuses = invalid.withUnsafeBufferPointer {
        [
          kelvin_scan_f32_at_level(Int32(level), $0.baseAddress, 100, &maximum, &masked),
          kelvin_scan_range_f32_at_level(
            Int32(level), $0.baseAddress, 100, &maximum, &minimum, &masked),
        ]
      }
      #expect(statuses == [Int32(KELVIN_INVALID), Int32(KELVIN_INVALID)], "\(bad) at \(position)")
    }
  }

  @Test(
    "a zero maximum or minimum is +0 at every level, whichever zeros the row holds",
    arguments: levels)
  func zeroSigns(level: Int) {
    for count in [1, 16, 64, 200] {
      for pattern in 0..<3 {
        // All -0, alternating, or +0 first then -0: the lanes meet in a level's own order.
        let row = (0..<count).map { index -> Float in
          switch pattern {
          case 0: -0.0
          case 1: index % 2 == 0 ? -0.0 : 0.0
          default: index < count / 2 ? 0.0 : -0.0
          }
        }
        var maximum: Float = 1
        var minimum: Float = 1
        var masked: Int32 = 0
        _ = row.withUnsafeBufferPointer {
          kelvin_scan_range_f32_at_level(
            Int32(level), $0.baseAddress, count, &maximum, &minimum, &masked)
        }
        #expect(maximum.bitPattern == Float(0).bitPattern)
        #expect(minimum.bitPattern == Float(0).bitPattern)
        var indices = [Int32](repeating: 0, count: count)
        var values = [Float](repeating: 0, count: count)
        var found = 0
        var nearMaximum: Float = 1
        _ = row.withUnsafeBufferPointer { x in
          indices.withUnsafeMutableBufferPointer { i in
            values.withUnsafeMutableBufferPointer { v in
              kelvin_select_near_maximum_f32_at_level(
                Int32(level), x.baseAddress, count, -1, i.baseAddress, v.baseAddress, &found,
                &nearMaximum)
            }
          }
        }
        #expect(nearMaximum.bitPattern == Float(0).bitPattern && found == count)
      }
    }
  }

  @Test(
    "one-pass selection near the maximum keeps what the scan and a selection against B(max) keep",
    arguments: levels)
  func selectNearMaximum(level: Int) {
    // B(m): the smallest Float not below Double(m) + offset (min-p's bound).
    func bound(_ maximum: Float, _ offset: Double) -> Float {
      let threshold = Double(maximum) + offset
      let rounded = Float(threshold)
      return Double(rounded) < threshold ? rounded.nextUp : rounded
    }
    func run(_ input: [Float], _ offset: Double) -> (Int32, Int, Float, [Int32], [Float]) {
      var indices = [Int32](repeating: -1, count: input.count)
      var values = [Float](repeating: 0, count: input.count)
      var count = -1
      var maximum: Float = 0
      let status = input.withUnsafeBufferPointer { x in
        indices.withUnsafeMutableBufferPointer { i in
          values.withUnsafeMutableBufferPointer { v in
            kelvin_select_near_maximum_f32_at_level(
              Int32(level), x.baseAddress, x.count, offset, i.baseAddress, v.baseAddress,
              &count, &maximum)
          }
        }
      }
      return (
        status, count, maximum, Array(indices.prefix(max(count, 0))),
        Array(values.prefix(max(count, 0)))
      )
    }
    var generator = Xoshiro256StarStar(seed: 30)
    for count in [1, 15, 16, 17, 63, 64, 65, 1000, 4099, 20_000] {
      // Rising, falling and random rows: the running maximum rises in every block, never, or
      // now and then. The ties of the quantised logits sit exactly on bounds.
      let random = Self.logits(count: count, seed: 30 + UInt64(count))
      let rising = (0..<count).map { Float($0) / 64 }
      let gaussian = (0..<count).map { _ in
        Float(generator.nextStandardNormal() * 3)
      }
      for input in [random, rising, Array(rising.reversed()), gaussian] {
        for offset: Double in [0, log(0.05), -1e-7, -Double.infinity, -1e40] {
          let (status, found, maximum, indices, values) = run(input, offset)
          let largest: Float = input.max() ?? -.infinity
          #expect(status == Int32(KELVIN_OK) && maximum == largest)
          let b = bound(largest, offset)
          let kept: [Int] = input.indices.filter { input[$0] >= b }
          let keptIndices: [Int32] = kept.map { Int32($0) }
          let keptValues: [Float] = kept.map { input[$0] }
          #expect(found == kept.count && indices == keptIndices)
          #expect(values == keptValues)
        }
      }
    }
    // Invalid, all masked and empty rows.
    for (position, bad) in [(5, Float.nan), (70, .infinity), (99, .nan), (130, .infinity)] {
      var invalid = Self.logits(count: 140, seed: 3)
      invalid[position] = bad
      #expect(run(invalid, log(0.05)).0 == Int32(KELVIN_INVALID), "\(bad) at \(position)")
    }
    for count in [0, 3, 64, 200] {
      let (status, found, maximum, _, _) = run(
        [Float](repeating: -.infinity, count: count), log(0.05))
      #expect(status == Int32(KELVIN_ALL_MASKED) && found == 0 && maximum == -.infinity)
    }
  }

  @Test("top-k selection equals the reference exactly, ties by lower index", arguments: levels)
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
        let reference = KernelReference.largest(k, in: input)
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
          let expected = KernelReference.exponentialSum(
            input, divisor: divisor, shift: shift, scale: scale)
          reference = expected.terms
          #expect(fastSum.bitPattern == expected.sum.bitPattern, "n \(count) level \(level)")
          #expect(fastMinimum == expected.minimum)
          var withoutMinimum = [Float](repeating: 0, count: count)
          let sumWithout = input.withUnsafeBufferPointer { x in
            withoutMinimum.withUnsafeMutableBufferPointer { y in
              kelvin_exp_sum_f32_at_level(
                Int32(level), x.baseAddress, y.baseAddress, count, divisor, shift, scale, nil)
            }
          }
          #expect(sumWithout.bitPattern == fastSum.bitPattern)
          #expect(withoutMinimum.map(\.bitPattern) == fast.map(\.bitPattern))
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
