import KelvinCore
import Testing

@testable import KelvinDecoding

@Suite("leading elements")
struct LeadingElementsTests {
  @Test("equals the prefix of the full sort under a total order")
  func matchesSort() {
    var generator = Xoshiro256StarStar(seed: 5)
    for trial in 0..<200 {
      let values = (0..<(trial % 40)).map { _ in
        (Int(generator.next() % 10), Int(generator.next() % 1000))
      }
      let order: ((Int, Int), (Int, Int)) -> Bool = { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
      for count in [0, 1, 3, 8, 50] {
        let expected = Array(values.sorted(by: order).prefix(count))
        let got = values.leadingElements(count, by: order)
        #expect(got.map(\.0) == expected.map(\.0) && got.map(\.1) == expected.map(\.1))
      }
    }
  }
}
