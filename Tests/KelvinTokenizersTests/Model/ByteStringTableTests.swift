import Testing

@testable import KelvinTokenizers

/// The byte-string table against a `Dictionary` of byte arrays, on random keys.
@Suite struct ByteStringTableTests {
  @Test func agreesWithADictionary() {
    var generator = SeededGenerator(seed: 26)
    var table = ByteStringTable()
    var reference: [[UInt8]: Int32] = [:]
    for value in 0..<5000 {
      let key = (0..<Int(generator.next() % 6)).map { _ in
        UInt8(truncatingIfNeeded: generator.next())
      }
      table.insert(key, value: Int32(value))
      reference[key] = Int32(value)  // the last wins, in both
    }
    #expect(table.count == reference.count)
    for (key, value) in reference { #expect(table.value(for: key) == value) }
    #expect(table.value(for: [1, 2, 3, 4, 5, 6, 7]) == nil)
  }
}

/// A small seeded generator for tests (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
