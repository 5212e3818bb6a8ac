import Foundation
import KelvinCore
import Testing

@Suite("logSoftmax")
struct LogSoftmaxTests {
  @Test("equals log of the reference softmax")
  func matchesLogOfReference() throws {
    let logits = gaussianLogits(count: 200, sigma: 3, seed: 11)
    for temperature in [0.2, 1, 3] {
      let reference = Reference.softmax(logits, temperature: temperature).map { Foundation.log($0) }
      let actual = try logits.logSoftmax(temperature: temperature)
      // Absolute error in log space is relative error in probability space.
      for (a, r) in zip(actual, reference) { #expect(abs(a - r) < 1e-12) }
    }
  }

  #if arch(x86_64) && !os(Windows)
    @Test("Double log-probabilities are within (|x| + |log Σ| + 2)·2⁻⁵² of Float80 at σ = 10")
    func doubleBound() throws {
      let logits = gaussianLogits(count: 128_256, sigma: 10, seed: 43)
      for temperature in [0.5, 1, 3] {
        let reference = ExtendedReference.logSoftmax(logits, temperature: temperature)
        let maximum = logits.max() ?? 0
        let logSum = abs(Double(ExtendedReference.logSumExp(logits, temperature: temperature)))
        let actual = try logits.logSoftmax(temperature: temperature)
        var worst = 0.0
        for index in logits.indices {
          let x = abs((logits[index] - maximum) / temperature)
          let error = Double(abs(Float80(actual[index]) - reference[index]))
          worst = max(worst, error / ((x + logSum + 2) * 0x1p-52))
        }
        #expect(worst <= 1, "worst error is \(worst) of the bound at τ = \(temperature)")
      }
    }
  #endif

  @Test("keeps precision where softmax underflows")
  func precisionBelowUnderflow() throws {
    // log p1 = -2000 - log(1 + e^-2000) = -2000 exactly in Double.
    let logProbabilities = try [0, -2000.0].logSoftmax()
    #expect(logProbabilities == [0, -2000])
    #expect(try [0, -2000.0].softmax()[1] == 0)
  }

  @Test("the limits: -log k on tied maxima at τ = 0, -log n at τ = ∞, -inf on masks")
  func limits() throws {
    let logits: [Double] = [2, 2, 1, -.infinity]
    let half: Double = -Foundation.log(2)
    let third: Double = -Foundation.log(3)
    let masked = -Double.infinity
    #expect(try logits.logSoftmax(temperature: 0) == [half, half, masked, masked])
    #expect(try logits.logSoftmax(temperature: .infinity) == [third, third, third, masked])
    #expect(try logits.logSoftmax()[3] == -.infinity)
  }

  @Test("Float results are within 1e-5 relative of the Double reference")
  func floatMatchesReference() throws {
    let wide = gaussianLogits(count: 300, sigma: 3, seed: 5)
    let narrow = wide.map { Float($0) }
    let reference = Reference.softmax(narrow.map { Double($0) }, temperature: 0.7)
      .map { Foundation.log($0) }
    let actual = try narrow.logSoftmax(temperature: 0.7)
    for (a, r) in zip(actual, reference) { #expect(relativeError(Double(a), r) < 1e-5) }
  }

  @Test("Float in place equals Float out of place, for the fast path and every length")
  func floatInPlace() throws {
    for count in [1, 15, 16, 17, 100, 257] {
      let logits = gaussianLogits(count: count, sigma: 3, seed: UInt64(count)).map { Float($0) }
      let expected = try logits.logSoftmax(temperature: 0.8)
      var inPlace = logits
      try inPlace.withUnsafeMutableBufferPointer { try $0.formLogSoftmax(temperature: 0.8) }
      #expect(inPlace == expected)
      var probabilities = logits
      try probabilities.withUnsafeMutableBufferPointer { try $0.formSoftmax(temperature: 0.8) }
      #expect(probabilities == (try logits.softmax(temperature: 0.8)))
    }
  }

  @Test("the buffer forms agree with the array form")
  func bufferForms() throws {
    let logits: [Double] = [0.5, -1, 3, -.infinity]
    let expected = try logits.logSoftmax(temperature: 2)
    var inPlace = logits
    try inPlace.withUnsafeMutableBufferPointer { try $0.formLogSoftmax(temperature: 2) }
    #expect(inPlace == expected)
    var output = [Double](repeating: 0, count: 4)
    try logits.withUnsafeBufferPointer { input in
      try output.withUnsafeMutableBufferPointer { try input.logSoftmax(temperature: 2, into: $0) }
    }
    #expect(output == expected)
  }
}
