import Foundation
import KelvinCore
import Testing

@testable import KelvinSampling

/// The one temperature plan of the processor and the fused passes.
@Suite("temperature plan")
struct TemperaturePlanTests {
  @Test("the limits, the Float division, and the shift when max / t would overflow")
  func plans() {
    #expect(TemperaturePlan(temperature: 1, maximum: 3) == .unchanged)
    #expect(TemperaturePlan(temperature: 0, maximum: 3) == .greedy)
    #expect(TemperaturePlan(temperature: .infinity, maximum: 3) == .uniform)
    #expect(TemperaturePlan(temperature: 0.7, maximum: 3) == .divide(Float(0.7)))
    // 1e30 / 1e-30 overflows Float: shift by the maximum first.
    #expect(
      TemperaturePlan(temperature: 1e-30, maximum: 1e30)
        == .shiftAndDivide(shift: Double(Float(1e30)), temperature: 1e-30))
    // Float(1e-45) is subnormal: no shift needed (max / t fits), but no Float division either.
    #expect(
      TemperaturePlan(temperature: 1e-45, maximum: 0)
        == .shiftAndDivide(shift: 0, temperature: 1e-45))
  }

  @Test("apply divides in Float, as `/` rounds; the shifted plan rounds once from Double")
  func apply() {
    let plan = TemperaturePlan.divide(0.7)
    for z: Float in [-3.5, 0, 1, 2.25, 1e30] { #expect(plan.apply(z) == z / Float(0.7)) }
    let shifted = TemperaturePlan.shiftAndDivide(shift: 10, temperature: 1e-30)
    #expect(shifted.apply(10) == 0)
    #expect(shifted.apply(9.5) == Float(-0.5 / 1e-30))
  }

  @Test(
    "smallestLogit(tyingWith:) is the least raw value whose quotient equals the given one's",
    arguments: [Float(0.7), 3, 1e-20, 7e20])
  func tying(divisor: Float) {
    let plan = TemperaturePlan.divide(divisor)
    var generator = Xoshiro256StarStar(seed: 3)
    for _ in 0..<200 {
      let upper = Float(generator.nextUnitInterval() * 40 - 20)
      let lowest = plan.smallestLogit(tyingWith: upper)
      // By definition: lowest ties with upper, the Float just below it does not.
      #expect(lowest / divisor == upper / divisor)
      #expect(lowest.nextDown / divisor < upper / divisor)
    }
  }
}
