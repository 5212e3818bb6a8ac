import KelvinCore
import Testing

@Suite("radix sort by the high word, and the ordered keys of floats")
struct RadixSortTests {
  /// The definition of a stable sort by the high word: by (high word, original position).
  static func stablySorted(_ keys: [UInt64]) -> [UInt64] {
    keys.enumerated().sorted {
      ($0.element >> 32, $0.offset) < ($1.element >> 32, $1.offset)
    }.map(\.element)
  }

  @Test("equals the stable definition, with ties, skipped passes and every size", arguments: 0..<8)
  func matchesDefinition(seed: UInt64) {
    var generator = Xoshiro256StarStar(seed: seed)
    var sorter = RadixSorter()  // reused across sizes, as the sampler reuses it across tokens
    for count in [0, 1, 2, 3, 17, 256, 1000, 5000] {
      let keys = (0..<count).map { _ -> UInt64 in
        let high: UInt64
        switch seed % 4 {
        case 0: high = generator.next() >> 32  // all digits vary
        case 1: high = generator.next() % 7  // few values: many ties, three passes skipped
        case 2: high = 0x4000_0000 | (generator.next() % 4096)  // shared top digits
        default: high = UInt64(UInt32.max) - generator.next() % 300
        }
        return high << 32 | (generator.next() & 0xFFFF_FFFF)  // the low word is a payload
      }
      var sorted = keys
      sorter.sortByHighWord(&sorted)
      #expect(sorted == Self.stablySorted(keys), "count \(count)")
    }
  }

  @Test("sorts only the first count elements")
  func prefixOnly() {
    var keys: [UInt64] = [3 << 32, 1 << 32, 2 << 32, 0]
    var sorter = RadixSorter()
    keys.withUnsafeMutableBufferPointer { sorter.sortByHighWord($0, count: 3) }
    #expect(keys == [1 << 32, 2 << 32, 3 << 32, 0])
  }

  @Test("ordered keys follow the float order, -0.0 equal to +0.0, and decode back")
  func orderedKeys() {
    let ascending: [Float] = [
      -.infinity, -.greatestFiniteMagnitude, -1, -.leastNormalMagnitude,
      -.leastNonzeroMagnitude, 0, .leastNonzeroMagnitude, .leastNormalMagnitude, 1, 1.5,
      .greatestFiniteMagnitude, .infinity,
    ]
    let keys = ascending.map(RadixSorter.orderedKey)
    #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 })
    #expect(RadixSorter.orderedKey(-0.0) == RadixSorter.orderedKey(0))
    for value in ascending {
      #expect(RadixSorter.float(orderedKey: RadixSorter.orderedKey(value)) == value)
    }
  }
}

extension RadixSorter {
  /// Sorts a whole array (for the tests).
  mutating func sortByHighWord(_ keys: inout [UInt64]) {
    let count = keys.count
    keys.withUnsafeMutableBufferPointer { sortByHighWord($0, count: count) }
  }
}
