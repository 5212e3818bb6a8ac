import Foundation
import KelvinCore
import Testing

@Suite("Gaussian draws")
struct GaussianTests {
  @Test("Box–Muller from two uniforms each: the value equals the formula on the same draws")
  func formula() {
    var a = Xoshiro256StarStar(seed: 7)
    var b = Xoshiro256StarStar(seed: 7)
    for _ in 0..<1000 {
      let u1 = 1 - b.nextUnitInterval()
      let u2 = b.nextUnitInterval()
      #expect(a.nextStandardNormal() == (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }
  }

  @Test("moments of 200,000 draws: mean 0, variance 1, kurtosis 3 (α ≈ 1e-6 bounds)")
  func moments() {
    var generator = Xoshiro256StarStar(seed: 11)
    let n = 200_000.0
    var (sum, squares, fourth) = (0.0, 0.0, 0.0)
    for _ in 0..<Int(n) {
      let x = generator.nextStandardNormal()
      sum += x
      squares += x * x
      fourth += x * x * x * x
    }
    // Standard errors: mean 1/√n = 0.0022, variance √(2/n) = 0.0032, fourth moment
    // √(96/n) = 0.022; the bounds are five of them.
    #expect(abs(sum / n) < 0.011)
    #expect(abs(squares / n - 1) < 0.016)
    #expect(abs(fourth / n - 3) < 0.11)
  }

  @Test("seeded logits: the same seed gives the same values; σ scales them")
  func seededLogits() {
    var a = GaussianLogits(standardDeviation: 3, seed: 1)
    var b = GaussianLogits(standardDeviation: 1, seed: 1)
    let wide: [Double] = a.next(100)
    let narrow: [Double] = b.next(100)
    for (x, y) in zip(wide, narrow) { #expect(x == 3 * y) }
    var c = GaussianLogits(standardDeviation: 3, seed: 1)
    let floats: [Float] = c.next(100)
    #expect(floats == wide.map(Float.init))
  }
}
