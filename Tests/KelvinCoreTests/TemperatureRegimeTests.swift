import KelvinCore
import Testing

@Suite("temperature limits")
struct TemperatureRegimeTests {
  @Test("τ is classified into greedy, scaled and uniform")
  func classification() throws {
    #expect(try TemperatureRegime(temperature: 0) == .greedy)
    #expect(try TemperatureRegime(temperature: -0.0) == .greedy)
    #expect(try TemperatureRegime(temperature: 0.7) == .scaled(0.7))
    #expect(try TemperatureRegime(temperature: .infinity) == .uniform)
    #expect(throws: KelvinError.invalidTemperature(-0.5)) {
      try TemperatureRegime(temperature: -0.5)
    }
    #expect(throws: KelvinError.invalidTemperature(-.infinity)) {
      try TemperatureRegime(temperature: -.infinity)
    }
    #expect(throws: KelvinError.self) { try TemperatureRegime(temperature: .nan) }
  }

  @Test("τ = 0 is one-hot on a unique maximum")
  func zeroIsOneHot() throws {
    #expect(try [0.3, 2.5, -1, 2.4].softmax(temperature: 0) == [0, 1, 0, 0])
    #expect(try [Float(0.3), 2.5, -1, 2.4].softmax(temperature: 0) == [0, 1, 0, 0])
  }

  @Test("τ = 0 shares the mass equally among tied maxima")
  func zeroSharesTies() throws {
    let logits: [Double] = [3, 1, 3, -.infinity]
    #expect(try logits.softmax(temperature: 0) == [0.5, 0, 0.5, 0])
    let third = 1.0 / 3
    #expect(try [7.0, 7, 7].softmax(temperature: 0) == [third, third, third])
  }

  @Test("small τ approaches the τ = 0 limit, ties included")
  func smallTemperatureApproachesZeroLimit() throws {
    // With a gap of 2 at τ = 0.01, the others carry exp(-200) ≈ 1e-87 each.
    let p = try [3, 1, 3, 0].softmax(temperature: 0.01)
    let limit = try [3, 1, 3, 0].softmax(temperature: 0)
    for (a, b) in zip(p, limit) { #expect(abs(a - b) < 1e-80) }
  }

  @Test("τ = ∞ is uniform over the unmasked tokens")
  func infinityIsUniformOverUnmasked() throws {
    let logits: [Double] = [1, -.infinity, 2, -5]
    let third = 1.0 / 3
    #expect(try logits.softmax(temperature: .infinity) == [third, 0, third, third])
    #expect(try [Float(1), -.infinity].softmax(temperature: .infinity) == [1, 0])
  }

  @Test("large τ approaches the uniform limit")
  func largeTemperatureApproachesUniform() throws {
    // |p_i - 1/n| ≤ (max - min) / τ for ordinary logits; here 2.5e-6.
    let logits: [Double] = [2, 1, 0.5, -0.5, -.infinity]
    let p = try logits.softmax(temperature: 1e6)
    let limit = try logits.softmax(temperature: .infinity)
    for (a, b) in zip(p, limit) { #expect(abs(a - b) < 2.5e-6) }
  }
}
