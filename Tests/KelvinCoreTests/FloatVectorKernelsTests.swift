import KelvinCore
import Testing

@Suite("vector helpers equal their scalar definitions")
struct FloatVectorKernelsTests {
  @Test("divide gives the correctly rounded quotient of every element, tails included")
  func divide() {
    var generator = Xoshiro256StarStar(seed: 7)
    for count in [0, 1, 15, 16, 17, 100] {
      for divisor: Float in [0.7, 3, 1e-30, 1e30] {
        let values = (0..<count).map { index -> Float in
          if index == 3 { return -.infinity }
          return Float(generator.nextUnitInterval() - 0.5) * 1e6
        }
        var divided = values
        divided.withUnsafeMutableBufferPointer { FloatVectorKernels.divide($0, by: divisor) }
        // IEEE division is correctly rounded, so the scalar `/` is the definition.
        #expect(divided.map(\.bitPattern) == values.map { ($0 / divisor).bitPattern })
      }
    }
  }
}
