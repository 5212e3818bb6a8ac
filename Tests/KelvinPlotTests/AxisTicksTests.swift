import KelvinPlot
import Testing

@Suite("axis ticks")
struct AxisTicksTests {
  @Test("steps are 1, 2 or 5 times a power of ten and the ticks cover the data")
  func nice() {
    let cases: [(Double, Double)] = [
      (0, 1), (1.23, 3.47), (0.001, 0.0042), (-7, 13), (100, 2_000), (0.97, 0.99),
    ]
    for (low, high) in cases {
      let ticks = AxisTicks(covering: low, high)
      #expect(ticks.lower <= low && ticks.upper >= high)
      #expect(ticks.values.count >= 2 && ticks.values.count <= 12)
      var mantissa = ticks.step
      while mantissa >= 10 { mantissa /= 10 }
      while mantissa < 1 { mantissa *= 10 }
      #expect([1, 2, 5].contains { abs(mantissa - $0) < 1e-9 }, "\(ticks.step)")
    }
    // 1.23…3.47 over about 5 intervals: raw step 0.448 rounds up to 0.5.
    let ticks = AxisTicks(covering: 1.23, 3.47)
    #expect(ticks.step == 0.5)
    #expect(ticks.values.map(ticks.label) == ["1.0", "1.5", "2.0", "2.5", "3.0", "3.5"])
  }

  @Test("a single value or non-finite bounds still give an axis")
  func degenerate() {
    let single = AxisTicks(covering: 2, 2)
    #expect(single.lower < 2 && single.upper > 2)
    let zero = AxisTicks(covering: 0, 0)
    #expect(zero.lower < 0 && zero.upper > 0)
    let broken = AxisTicks(covering: .nan, .infinity)
    #expect(broken.lower == 0 && broken.upper == 1)
    #expect(AxisTicks(covering: -1, 1).values.map(AxisTicks(covering: -1, 1).label).contains("0.0"))
  }
}
