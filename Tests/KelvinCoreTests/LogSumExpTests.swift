import Foundation
import KelvinCore
import Testing

@Suite("logSumExp")
struct LogSumExpTests {
  @Test("equals log Σ exp(z / τ) from the definition")
  func matchesDefinition() throws {
    let logits = [2.0, 1.0, 0.5, 0.1]
    for temperature in [0.5, 1, 2] {
      let expected = Foundation.log(logits.map { Foundation.exp($0 / temperature) }.reduce(0, +))
      #expect(relativeError(try logits.logSumExp(temperature: temperature), expected) < 1e-15)
    }
  }

  #if arch(x86_64) && !os(Windows)
    @Test("Double log-sum-exp is within (|max/τ| + |log Σ| + 2)·2⁻⁵² of Float80 at σ = 10")
    func doubleBound() throws {
      let logits = gaussianLogits(count: 128_256, sigma: 10, seed: 44)
      for temperature in [0.5, 1, 3] {
        let reference = ExtendedReference.logSumExp(logits, temperature: temperature)
        let parts = ExtendedReference.parts(logits, temperature: temperature)
        let actual = try logits.logSumExp(temperature: temperature)
        let bound =
          (abs(Double(parts.shift)) + abs(Double(Foundation.log(parts.sum))) + 2) * 0x1p-52
        #expect(Double(abs(Float80(actual) - reference)) <= bound)
      }
    }
  #endif

  @Test("does not overflow where the naive sum would")
  func noOverflow() throws {
    // log(e^1000 + e^1000) = 1000 + log 2.
    #expect(try [1000.0, 1000].logSumExp() == 1000 + Foundation.log(2))
    // Float logits of 1e30 at τ = 1e-30: max / τ = 1e60, beyond Float but fine in Double.
    #expect(try [Float(1e30), 0].logSumExp(temperature: 1e-30) == Double(Float(1e30)) / 1e-30)
  }

  @Test("the limits of log Σ exp(z / τ)")
  func limits() throws {
    #expect(try [1.0, 0.5].logSumExp(temperature: 0) == .infinity)
    #expect(try [-1.0, -2].logSumExp(temperature: 0) == -.infinity)
    #expect(try [0.0, 0, -1].logSumExp(temperature: 0) == Foundation.log(2))
    #expect(try [3.0, -.infinity, 1].logSumExp(temperature: .infinity) == Foundation.log(2))
  }

  @Test("softmax = exp(z / τ - logSumExp)")
  func consistentWithSoftmax() throws {
    let logits = gaussianLogits(count: 50, sigma: 2, seed: 9)
    let lse = try logits.logSumExp(temperature: 0.9)
    let p = try logits.softmax(temperature: 0.9)
    for (z, probability) in zip(logits, p) {
      #expect(relativeError(Foundation.exp(z / 0.9 - lse), probability) < 1e-13)
    }
  }
}
