import Testing

@testable import KelvinTokenizers

/// The pair table against a `Dictionary`, and the last merge of a pair wins.
@Suite struct PairTableTests {
  @Test func agreesWithADictionary() {
    var generator = SeededGenerator(seed: 7)
    var table = PairTable(capacity: 4)
    var reference: [UInt64: (Int32, Int32)] = [:]
    for rank in 0..<20_000 {
      let a = Int32(generator.next() % 300)
      let b = Int32(generator.next() % 300)
      table.set(a, b, rank: Int32(rank), result: Int32(rank % 977))
      reference[UInt64(a) << 32 | UInt64(b)] = (Int32(rank), Int32(rank % 977))
    }
    #expect(table.count == reference.count)
    for (key, value) in reference {
      let merge = table.merge(Int32(key >> 32), Int32(key & 0xFFFF_FFFF))
      #expect(merge?.rank == value.0 && merge?.result == value.1)
    }
    #expect(table.merge(1000, 1000) == nil)
  }
}
