import Foundation
import KelvinCore
import Testing

@Suite("softmax")
struct SoftmaxTests {
  @Test("the napkin example matches the formula in Double at τ = 0.5, 1 and 2")
  func napkinMatchesFormula() throws {
    let logits = [2.0, 1.0, 0.5, 0.1]
    for temperature in [0.5, 1, 2] {
      let expected = Reference.softmax(logits, temperature: temperature)
      let actual = try logits.softmax(temperature: temperature)
      #expect(maximumRelativeError(actual, expected) < 1e-14)
    }
  }

  @Test("logits 5 and 4 at τ = 1 give odds e : 1")
  func fiveVersusFourGivesOddsE() throws {
    // p0 / p1 = exp(5) / exp(4) = e, so p0 = e / (1 + e), p1 = 1 / (1 + e).
    let p = try [5.0, 4.0].softmax()
    #expect(relativeError(p[0] / p[1], M_E) < 1e-15)
    #expect(relativeError(p[0], M_E / (1 + M_E)) < 1e-15)
    #expect(relativeError(p[1], 1 / (1 + M_E)) < 1e-15)
  }

  @Test("adding a constant to every logit changes nothing", arguments: [-1e3, -2.5, 7, 1e3])
  func shiftInvariance(shift: Double) throws {
    let logits = gaussianLogits(count: 64, sigma: 3, seed: 7)
    for temperature in [0.3, 1, 4] {
      let base = try logits.softmax(temperature: temperature)
      let shifted = try logits.map { $0 + shift }.softmax(temperature: temperature)
      // The shift is absorbed by the max subtraction up to the rounding of z + c:
      // |c| ulp(|c|) / τ relative, i.e. below 1e-12 here.
      #expect(maximumRelativeError(shifted, base) < 1e-11)
    }
  }

  #if arch(x86_64) && !os(Windows)
    @Test(
      "Double probabilities are within (|x| + 3)·2⁻⁵² of a Float80 reference at σ = 10, V = 128,256",
      arguments: [0.5, 1, 3])
    func doubleBound(temperature: Double) throws {
      // The bound of SoftmaxKernels; the plain running sum this replaced was off by 1.77e-13
      // (1,578 ulp) at τ = 1 on such logits.
      let logits = gaussianLogits(count: 128_256, sigma: 10, seed: 42)
      let reference = ExtendedReference.softmax(logits, temperature: temperature)
      let maximum = logits.max() ?? 0
      let actual = try logits.softmax(temperature: temperature)
      var worst = 0.0
      for index in logits.indices where reference[index] > Float80(Double.leastNormalMagnitude) {
        let x = abs((logits[index] - maximum) / temperature)
        let error = Double(abs(Float80(actual[index]) - reference[index]) / reference[index])
        worst = max(worst, error / ((x + 3) * 0x1p-52))
      }
      #expect(worst <= 1, "worst error is \(worst) of the bound")
      // Σ p = 1 to within the n half-ulp roundings of the probabilities' own sum.
      let total = actual.reduce(0, +)
      #expect(abs(total - 1) < 1e-15 * 128)
    }
  #endif

  @Test("Float32 probabilities are within 1e-5 relative of a Double reference above 1e-30")
  func floatMatchesDoubleReference() throws {
    for seed: UInt64 in 1...20 {
      let wide = gaussianLogits(count: 500, sigma: 3, seed: seed)
      let narrow = wide.map { Float($0) }
      // The reference sees exactly the Float inputs.
      let exactInputs = narrow.map { Double($0) }
      for temperature in [0.05, 0.3, 0.7, 1, 2.5, 100] {
        let reference = Reference.softmax(exactInputs, temperature: temperature)
        let actual = try narrow.softmax(temperature: temperature)
        for (p, r) in zip(actual, reference) where r > 1e-30 {
          #expect(relativeError(Double(p), r) <= 1e-5)
        }
      }
    }
  }

  @Test(
    "Float32 stays within 1e-5 where probabilities reach down to 1e-30", arguments: [0.05, 0.5, 2])
  func floatWideRange(temperature: Double) throws {
    // σ = 20 logits spread the exponents over hundreds of units: many probabilities fall
    // between 1e-30 and 1e-10, the hardest range for the error of (z - max) / τ.
    for seed: UInt64 in 100..<110 {
      let narrow = gaussianLogits(count: 1000, sigma: 20 * temperature, seed: seed).map {
        Float($0)
      }
      let reference = Reference.softmax(narrow.map { Double($0) }, temperature: temperature)
      let actual = try narrow.softmax(temperature: temperature)
      var checked = 0
      for (p, r) in zip(actual, reference) where r > 1e-30 {
        #expect(relativeError(Double(p), r) <= 1e-5)
        checked += 1
      }
      #expect(checked > 100)
    }
  }

  @Test(
    "lengths around the vector width agree with the reference",
    arguments: [1, 2, 15, 16, 17, 31, 33, 255, 256, 257, 1000])
  func vectorTails(count: Int) throws {
    let narrow = gaussianLogits(count: count, sigma: 3, seed: UInt64(count)).map { Float($0) }
    let reference = Reference.softmax(narrow.map { Double($0) }, temperature: 0.9)
    for (p, r) in zip(try narrow.softmax(temperature: 0.9), reference) where r > 1e-30 {
      #expect(relativeError(Double(p), r) <= 1e-5)
    }
  }

  @Test("-inf masks a token: its probability is exactly 0 and the rest renormalise")
  func negativeInfinityMasks() throws {
    let p = try [1.0, -.infinity, 1.0, 0.0].softmax(temperature: 0.5)
    let expected = Reference.softmax([1, 1, 0], temperature: 0.5)
    #expect(p[1] == 0)
    #expect(maximumRelativeError([p[0], p[2], p[3]], expected) < 1e-15)
  }

  @Test("stable at logits of ±1e30 in Float and Double")
  func extremeLogits() throws {
    #expect(try [1e30, -1e30, 0].softmax() == [1, 0, 0])
    #expect(try [Float(1e30), -1e30, 0].softmax() == [1, 0, 0])
    // At τ = 1e30 the logits ±1e30 become ±1: p0 = e / (e + 1/e) = 1 / (1 + e^-2).
    let expected = 1 / (1 + Foundation.exp(-2.0))
    let wide = try [1e30, -1e30].softmax(temperature: 1e30)
    let narrow = try [Float(1e30), -1e30].softmax(temperature: 1e30)
    #expect(relativeError(wide[0], expected) < 1e-15)
    #expect(relativeError(Double(narrow[0]), expected) < 1e-6)
    // Ties among huge logits share the mass.
    #expect(try [1e30, 1e30, -1e30].softmax() == [0.5, 0.5, 0])
  }

  @Test("stable at τ = 1e-30 and τ = 1e30")
  func extremeTemperatures() throws {
    // τ = 1e-30: logits 1e-30 and 0 become 1 and 0: p0 = e / (1 + e).
    let tiny = try [1e-30, 0].softmax(temperature: 1e-30)
    #expect(relativeError(tiny[0], M_E / (1 + M_E)) < 1e-14)
    // Any gap of ordinary size is infinite at τ = 1e-30: one-hot.
    #expect(try [1.0, 0.5, -3].softmax(temperature: 1e-30) == [1, 0, 0])
    #expect(try [Float(1), 0.5, -3].softmax(temperature: 1e-30) == [1, 0, 0])
    // τ = 1e30 flattens ordinary logits to uniform within 1e-29 relative.
    let flat = try [2.0, 1.0, 0.5, 0.1].softmax(temperature: 1e30)
    for p in flat { #expect(abs(p - 0.25) < 1e-29) }
    // The smallest subnormal τ still works (division, not multiplication by 1/τ).
    #expect(try [1.0, 0.0].softmax(temperature: .leastNonzeroMagnitude) == [1, 0])
  }

  @Test("buffer forms agree with the array form, in place and out of place")
  func bufferForms() throws {
    let logits = gaussianLogits(count: 33, sigma: 2, seed: 3).map { Float($0) }
    let expected = try logits.softmax(temperature: 0.8)
    var output = [Float](repeating: -1, count: logits.count)
    try logits.withUnsafeBufferPointer { input in
      try output.withUnsafeMutableBufferPointer { try input.softmax(temperature: 0.8, into: $0) }
    }
    #expect(output == expected)
    var inPlace = logits
    try inPlace.withUnsafeMutableBufferPointer { try $0.formSoftmax(temperature: 0.8) }
    #expect(inPlace == expected)
  }

  @Test("an error leaves an in-place buffer untouched")
  func errorLeavesBufferUntouched() {
    var logits: [Float] = [1, 2, .nan, 3]
    let before = logits
    let error = #expect(throws: KelvinError.self) {
      try logits.withUnsafeMutableBufferPointer { try $0.formSoftmax() }
    }
    #expect(
      error?.description == "logits[2] is nan: a logit must be finite, or -inf to mask a token")
    #expect(logits.map(\.bitPattern) == before.map(\.bitPattern))
  }

  @Test("invalid logits and temperatures are typed errors")
  func invalidInputs() {
    #expect(throws: KelvinError.emptyInput(field: "logits")) { try [Double]().softmax() }
    #expect(throws: KelvinError.invalidLogit(index: 1, value: .infinity)) {
      try [0, Double.infinity].softmax()
    }
    #expect(throws: KelvinError.everyLogitMasked(count: 2)) {
      try [-Double.infinity, -.infinity].softmax()
    }
    #expect(throws: KelvinError.invalidTemperature(-1)) { try [1.0].softmax(temperature: -1) }
    #expect(throws: KelvinError.self) { try [1.0].softmax(temperature: .nan) }
  }
}

@Suite("the dispatched Float kernels against the Swift reference")
struct KernelDispatchTests {
  @Test(
    "the Float softmax family has the reference's bits on this CPU's level",
    arguments: [1, 15, 16, 17, 255, 4096, 10_007])
  func softmaxAgrees(count: Int) throws {
    let logits = gaussianLogits(count: count, sigma: 3, seed: UInt64(count)).map { Float($0) }
    for logarithm in [false, true] {
      let fast =
        logarithm ? try logits.logSoftmax(temperature: 0.7) : try logits.softmax(temperature: 0.7)
      let reference = KernelReference.softmax(logits, scale: Float(1 / 0.7), logarithm: logarithm)
      #expect(fast.map(\.bitPattern) == reference?.map(\.bitPattern))
    }
  }

  @Test(
    "the dispatched selection equals the reference exactly, ties and masks included",
    arguments: 0..<20)
  func largestAgrees(seed: UInt64) {
    var generator = Xoshiro256StarStar(seed: seed)
    let logits: [Float] = (0..<3000).map { index in
      if index % 89 == 3 { return -.infinity }
      return Float(Int(generator.next() % 64)) / 8
    }
    for k in [1, 7, 40, 300] {
      logits.withUnsafeBufferPointer { buffer in
        let fast = FloatVectorKernels.largest(k, in: buffer)
        let reference = KernelReference.largest(k, in: logits)
        #expect(fast?.indices == reference?.indices)
        #expect(fast?.values == reference?.values)
      }
    }
    var invalid = logits
    invalid[2999] = .nan
    invalid.withUnsafeBufferPointer { #expect(FloatVectorKernels.largest(5, in: $0) == nil) }
  }
}
