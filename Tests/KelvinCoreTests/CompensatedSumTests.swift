import Testing

@testable import KelvinCore

@Suite("compensated sum")
struct CompensatedSumTests {
  @Test("1 + n terms of 2⁻⁵³ sum exactly, where a running sum drops every one of them")
  func smallTermsSurvive() {
    // Each 2⁻⁵³ is half an ulp of 1: the running sum rounds 1 + 2⁻⁵³ back to 1 (ties to
    // even) every time, so it stays 1; the exact sum is 1 + n · 2⁻⁵³.
    var compensated = CompensatedSum()
    var plain = 0.0
    compensated.add(1)
    plain += 1
    for _ in 0..<1024 {
      compensated.add(0x1p-53)
      plain += 0x1p-53
    }
    #expect(plain == 1)
    #expect(compensated.value == 1 + 1024 * 0x1p-53)
  }

  @Test("a large term added after small ones is compensated too (Neumaier's case)")
  func largeAfterSmall() {
    // [1, 1e100, 1, -1e100]: exact sum 2. Kahan's algorithm gives 0; Neumaier's gives 2.
    var sum = CompensatedSum()
    for term in [1.0, 1e100, 1, -1e100] { sum.add(term) }
    #expect(sum.value == 2)
  }

  @Test("the result depends only on the terms and their order")
  func reproducible() {
    let terms = (1...1000).map { 1 / Double($0) }
    var a = CompensatedSum()
    var b = CompensatedSum()
    for term in terms {
      a.add(term)
      b.add(term)
    }
    #expect(a.value.bitPattern == b.value.bitPattern)
    // Σ 1/k for k ≤ 1000, the harmonic number H₁₀₀₀ = 7.485470860550344912656518...
    // (OEIS A001008/A002805); the compensated sum is within 1 ulp of it.
    #expect(abs(a.value - 7.485_470_860_550_345) <= 7.485_470_860_550_345.ulp)
  }
}
