import Testing

@testable import KelvinSampling

/// `TokenMask` against a `Set<Int>` doing the same operations.
@Suite("token mask")
struct TokenMaskTests {
  @Test("insert, remove, contains, count and tokens agree with a Set at word boundaries")
  func agreesWithSet() {
    for size in [0, 1, 63, 64, 65, 130] {
      var mask = TokenMask(vocabularySize: size)
      var reference = Set<Int>()
      for token in [0, 1, 62, 63, 64, 65, 127, 128, 129] where token < size {
        mask.insert(token)
        reference.insert(token)
      }
      if size > 64 {
        mask.remove(64)
        reference.remove(64)
      }
      mask.remove(-1)
      mask.remove(size)
      #expect(mask.tokens == reference.sorted())
      #expect(mask.count == reference.count && mask.isEmpty == reference.isEmpty)
      for token in -1...size { #expect(mask.contains(token) == reference.contains(token)) }
    }
  }
}
