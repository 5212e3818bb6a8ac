import KelvinCore
import Testing

@Suite("number formatting")
struct NumberFormattingTests {
  @Test(
    "the shortest spelling reads back as the same double",
    arguments: [
      0.1, 2, -0.5, 1e-30, 1e30, 0.6439142598879722, Double.leastNonzeroMagnitude,
      -1.7976931348623157e308,
    ])
  func roundTrips(value: Double) {
    #expect(Double(NumberFormatting.shortest(value)) == value)
  }

  @Test("integers drop the trailing .0 and non-finite values use words")
  func spellings() {
    #expect(NumberFormatting.shortest(2) == "2")
    #expect(NumberFormatting.shortest(-0.0) == "-0")
    #expect(NumberFormatting.shortest(.infinity) == "inf")
    #expect(NumberFormatting.shortest(-.infinity) == "-inf")
    #expect(NumberFormatting.shortest(.nan) == "nan")
  }
}
